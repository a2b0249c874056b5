"""σ' evaluated at W x, without the bias.
Breaks: jacobian
"""


def layer_jacobian(x, W, b):
    s = sigmoid(W @ x)
    return np.diag(s * (1.0 - s)) @ W
