"""Each entry is the norm of one layer's Jacobian ‖J_l‖₂, not of the running product J_l ⋯ J_1.
Breaks: depth
"""


def norms_by_depth(width, depth, std, seed, activation):
    x, weights = random_network(width, depth, std, seed)
    h, norms = x, []
    for W in weights:
        z = W @ h
        if activation == "tanh":
            h, slope = np.tanh(z), 1 - np.tanh(z) ** 2
        elif activation == "relu":
            h, slope = np.maximum(z, 0), (z > 0) * 1.0
        else:
            h, slope = z, np.ones(width)
        norms.append(np.linalg.norm(slope[:, None] * W, 2))
    return np.array(norms)
