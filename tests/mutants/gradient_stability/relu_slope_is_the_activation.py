"""ReLU's slope is taken as the activation max(z, 0) instead of the indicator of z > 0.
Breaks: depth
"""


def norms_by_depth(width, depth, std, seed, activation):
    x, weights = random_network(width, depth, std, seed)
    h, P, norms = x, np.eye(width), []
    for W in weights:
        z = W @ h
        if activation == "tanh":
            h, slope = np.tanh(z), 1 - np.tanh(z) ** 2
        elif activation == "relu":
            h = np.maximum(z, 0)
            slope = h
        else:
            h, slope = z, np.ones(width)
        P = (slope[:, None] * W) @ P
        norms.append(np.linalg.norm(P, 2))
    return np.array(norms)
