"""W * slope broadcasts the slopes along the columns: W diag(tanh'(z)) instead of diag(tanh'(z)) W.
Breaks: jacobians
"""


def layer_jacobians(x, weights):
    h = np.asarray(x, dtype=float)
    jacobians = []
    for W in weights:
        h = np.tanh(W @ h)
        jacobians.append(W * (1.0 - h**2))
    return jacobians
