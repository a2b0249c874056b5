"""σ(Z) used where the chain rule needs σ'(Z).
Breaks: backward
"""


def dense_backward(d_out, cache):
    X, W, Z = cache
    delta = d_out * sigmoid(Z)
    return delta @ W, delta.T @ X, delta.sum(axis=0)
