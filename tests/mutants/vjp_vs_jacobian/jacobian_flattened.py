"""The Jacobian returned as its (N·D_out) × (N·D_in) matrix instead of the 4-axis array (N, D_out, N, D_in).
Breaks: jacobian
"""


def explicit_jacobian(X, W, b):
    N, D_in = X.shape
    D_out = W.shape[0]
    Y = dense_tanh(X, W, b)
    J = np.zeros((N * D_out, N * D_in))
    for n in range(N):
        J[n * D_out:(n + 1) * D_out, n * D_in:(n + 1) * D_in] = (1.0 - Y[n] ** 2)[:, None] * W
    return J
