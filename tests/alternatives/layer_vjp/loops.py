"""Sample by sample and entry by entry with Python loops: the sums of the chain rule written out."""

import math


def dense_forward(X, W, b):
    n, d_in = X.shape
    d_out = W.shape[0]
    Z = np.zeros((n, d_out))
    Y = np.zeros((n, d_out))
    for s in range(n):
        for i in range(d_out):
            Z[s, i] = b[i] + sum(W[i, j] * X[s, j] for j in range(d_in))
            Y[s, i] = 1.0 / (1.0 + math.exp(-Z[s, i]))
    return Y, (X, W, Z)


def dense_backward(d_out, cache):
    X, W, Z = cache
    n, d_in = X.shape
    d_o = W.shape[0]
    dX, dW, db = np.zeros((n, d_in)), np.zeros((d_o, d_in)), np.zeros(d_o)
    for s in range(n):
        for i in range(d_o):
            y = 1.0 / (1.0 + math.exp(-Z[s, i]))
            dz = d_out[s, i] * y * (1.0 - y)
            db[i] += dz
            for j in range(d_in):
                dX[s, j] += dz * W[i, j]
                dW[i, j] += dz * X[s, j]
    return dX, dW, db


def layer_jacobian(x, W, b):
    d_out, d_in = W.shape
    J = np.zeros((d_out, d_in))
    for i in range(d_out):
        y = 1.0 / (1.0 + math.exp(-(W[i] @ x + b[i])))
        for j in range(d_in):
            J[i, j] = y * (1.0 - y) * W[i, j]
    return J


def vjp_from_jacobian(J, v):
    out_shape, in_shape = v.shape, J.shape[v.ndim:]
    result = np.zeros(in_shape)
    for i in np.ndindex(out_shape):
        result += v[i] * J[i]
    return result
