"""The Jacobian without diag(σ'(z)): W alone, the Jacobian of the linear part.
Breaks: jacobian
"""


def layer_jacobian(x, W, b):
    return W.copy()
