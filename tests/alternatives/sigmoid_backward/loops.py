"""Entry by entry with Python loops and math.exp, choosing the safe formula by the sign of z."""

import math


def sigmoid_of_a_number(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.array([sigmoid_of_a_number(x) for x in z.ravel().tolist()], dtype=float).reshape(z.shape)


def sigmoid_jacobian(z):
    z = np.asarray(z, dtype=float)
    n = z.shape[-1]
    J = np.zeros(z.shape + (n,))
    for index in np.ndindex(z.shape[:-1]):
        for i in range(n):
            s = sigmoid_of_a_number(float(z[index + (i,)]))
            J[index + (i, i)] = s * (1.0 - s)
    return J


def sigmoid_backward(z, d_out):
    z = np.asarray(z, dtype=float)
    d_in = []
    for x, g in zip(z.ravel().tolist(), np.asarray(d_out, dtype=float).ravel().tolist()):
        s = sigmoid_of_a_number(x)
        d_in.append(g * s * (1.0 - s))
    return np.array(d_in, dtype=float).reshape(z.shape)
