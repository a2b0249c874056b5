"""In the depth experiment tanh' is applied to the activation: 1 − tanh²(h_l) with h_l = tanh(z_l).
Breaks: depth
"""


def norms_by_depth(width, depth, std, seed, activation):
    x, weights = random_network(width, depth, std, seed)
    h, P, norms = x, np.eye(width), []
    for W in weights:
        z = W @ h
        if activation == "tanh":
            h = np.tanh(z)
            slope = 1 - np.tanh(h) ** 2
        elif activation == "relu":
            h, slope = np.maximum(z, 0), (z > 0) * 1.0
        else:
            h, slope = z, np.ones(width)
        P = (slope[:, None] * W) @ P
        norms.append(np.linalg.norm(P, 2))
    return np.array(norms)
