"""dX = Wᵀ Δᵀ, the single-sample column formula applied to a row batch: shape (D_in, N).
Breaks: backward
"""


def dense_backward(d_out, cache):
    X, W, Z = cache
    s = sigmoid(Z)
    delta = d_out * s * (1.0 - s)
    return W.T @ delta.T, delta.T @ X, delta.sum(axis=0)
