"""Every block of row n holds diag(1 − y_n²) W: samples coupled to one another, no zero blocks.
Breaks: jacobian
"""


def explicit_jacobian(X, W, b):
    N, D_in = X.shape
    D_out = W.shape[0]
    Y = dense_tanh(X, W, b)
    J = np.zeros((N, D_out, N, D_in))
    for n in range(N):
        for m in range(N):
            J[n, :, m, :] = (1.0 - Y[n] ** 2)[:, None] * W
    return J
