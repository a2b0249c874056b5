"""db is never reduced over the batch: shape (N, D_out) instead of (D_out,).
Breaks: backward
"""


def dense_backward(d_out, cache):
    X, W, Z = cache
    s = sigmoid(Z)
    delta = d_out * s * (1.0 - s)
    return delta @ W, delta.T @ X, delta
