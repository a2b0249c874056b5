"""The norm is recorded before the product is updated: [1, ‖P_1‖₂, …, ‖P_{L−1}‖₂].
Breaks: depth
"""


def norms_by_depth(width, depth, std, seed, activation):
    x, weights = random_network(width, depth, std, seed)
    h, P, norms = x, np.eye(width), []
    for W in weights:
        norms.append(np.linalg.norm(P, 2))
        z = W @ h
        if activation == "tanh":
            h, slope = np.tanh(z), 1 - np.tanh(z) ** 2
        elif activation == "relu":
            h, slope = np.maximum(z, 0), (z > 0) * 1.0
        else:
            h, slope = z, np.ones(width)
        P = (slope[:, None] * W) @ P
    return np.array(norms)
