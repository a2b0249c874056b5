"""dX = Δ Wᵀ: W and Wᵀ mixed up (a shape error unless D_in = D_out, a wrong value then).
Breaks: backward
"""


def dense_backward(d_out, cache):
    X, W, Z = cache
    s = sigmoid(Z)
    delta = d_out * s * (1.0 - s)
    return delta @ W.T, delta.T @ X, delta.sum(axis=0)
