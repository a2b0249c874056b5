"""np.linalg.norm(P) without ord=2: the Frobenius norm of the running product, not its spectral norm.
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
        P = np.diag(slope) @ W @ P
        norms.append(np.linalg.norm(P))
    return np.array(norms)
