"""Sample by sample and entry by entry with Python loops: every sum of the chain rule written out."""

import math


def explicit_jacobian(X, W, b):
    N, D_in = X.shape
    D_out = W.shape[0]
    J = np.zeros((N, D_out, N, D_in))
    for n in range(N):
        for i in range(D_out):
            y = math.tanh(b[i] + sum(W[i, k] * X[n, k] for k in range(D_in)))
            for j in range(D_in):
                J[n, i, n, j] = (1.0 - y * y) * W[i, j]  # m ≠ n stays 0
    return J


def vjp_through_jacobian(J, d_out):
    N, D_out, _, D_in = J.shape
    dX = np.zeros((N, D_in))
    for n in range(N):
        for i in range(D_out):
            dX += d_out[n, i] * J[n, i]  # row (n, i) of J, shape (N, D_in), weighted by d_out[n, i]
    return dX


def vjp_direct(X, W, b, d_out):
    dX = np.zeros(X.shape)
    for n in range(X.shape[0]):  # one sample at a time: J_nᵀ d_out[n] without forming J_n
        y = np.tanh(W @ X[n] + b)
        dX[n] = W.T @ (d_out[n] * (1.0 - y * y))
    return dX


def memory_ratio(N, D_in, D_out):
    jacobian_entries = 0
    for _ in range(N):  # N block rows of N blocks, each D_out × D_in
        jacobian_entries += N * D_out * D_in
    jacobian_bytes = 8 * jacobian_entries + 8 * N * D_in
    direct_bytes = 8 * N * (D_out + D_in)
    return jacobian_bytes, direct_bytes, (N * D_out * D_in + D_in) / (D_out + D_in)
