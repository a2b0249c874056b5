"""Each layer Jacobian is transposed: Wᵀ diag(tanh'(z)), shape (d_{l−1}, d_l), columns as outputs.
Breaks: jacobians
"""


def layer_jacobians(x, weights):
    h = np.asarray(x, dtype=float)
    jacobians = []
    for W in weights:
        h = np.tanh(W @ h)
        jacobians.append(W.T * (1.0 - h**2))
    return jacobians

