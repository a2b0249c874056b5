"""The Jacobian scales the rows of W by σ(z) instead of σ'(z).
Breaks: jacobian
"""


def layer_jacobian(x, W, b):
    return sigmoid(W @ x + b)[:, None] * W
