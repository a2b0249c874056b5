"""Inputs first: J of shape (N, D_in, N, D_out), every block the transpose Wᵀ diag(1 − y_n²).
Breaks: jacobian
"""


def explicit_jacobian(X, W, b):
    N, D_in = X.shape
    D_out = W.shape[0]
    Y = dense_tanh(X, W, b)
    J = np.zeros((N, D_in, N, D_out))
    for n in range(N):
        J[n, :, n, :] = W.T * (1.0 - Y[n] ** 2)
    return J
