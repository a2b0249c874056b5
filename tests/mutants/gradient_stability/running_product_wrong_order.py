"""The running product grows on the right: P ← P J_l instead of P ← J_l P.
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
            h, slope = np.maximum(z, 0), (z > 0) * 1.0
        else:
            h, slope = z, np.ones(width)
        P = P @ (slope[:, None] * W)
        norms.append(np.linalg.norm(P, 2))
    return np.array(norms)
