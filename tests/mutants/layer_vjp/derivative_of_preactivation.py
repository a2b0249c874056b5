"""σ' computed as Z(1 − Z): the y(1 − y) formula applied to the pre-activations.
Breaks: backward
"""


def dense_backward(d_out, cache):
    X, W, Z = cache
    delta = d_out * Z * (1.0 - Z)
    return delta @ W, delta.T @ X, delta.sum(axis=0)
