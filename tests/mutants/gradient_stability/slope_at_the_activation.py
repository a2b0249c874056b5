"""tanh' is applied to the activation: the slope is 1 − tanh²(h_l) with h_l = tanh(z_l) already.
Breaks: jacobians
"""


def layer_jacobians(x, weights):
    h = x
    jacobians = []
    for W in weights:
        h = np.tanh(W @ h)
        slope = 1 - np.tanh(h) ** 2
        jacobians.append(slope[:, None] * W)
    return jacobians
