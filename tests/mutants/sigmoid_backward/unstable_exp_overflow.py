"""The textbook formula 1 / (1 + e^(−z)): e^(−z) overflows for z < −709.8 and the tiny σ(z) becomes 0.
Breaks: sigmoid
"""


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 1.0 / (1.0 + np.exp(-z))
