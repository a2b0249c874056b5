"""σ(z) = (1 + tanh(z/2)) / 2: no overflow, but 1 + tanh(z/2) cancels to 0 for z < −37.
Breaks: sigmoid
"""


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * z))
