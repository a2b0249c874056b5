"""The Jacobian is transposed: Wᵀ diag(σ'(z)), of shape (D_in, D_out), rows are the inputs.
Breaks: jacobian
"""


def layer_jacobian(x, W, b):
    s = sigmoid(W @ x + b)
    return W.T @ np.diag(s * (1.0 - s))
