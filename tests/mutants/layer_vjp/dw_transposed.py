"""dW = Xᵀ Δ, of shape (D_in, D_out): the transpose of the gradient of W.
Breaks: backward
"""


def dense_backward(d_out, cache):
    X, W, Z = cache
    s = sigmoid(Z)
    delta = d_out * s * (1.0 - s)
    return delta @ W, X.T @ delta, delta.sum(axis=0)
