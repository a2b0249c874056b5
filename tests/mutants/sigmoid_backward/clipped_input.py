"""Clips z to [−500, 500] to avoid the overflow, which changes σ in the far left tail.
Breaks: sigmoid
"""


def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -500.0, 500.0)
    return 1.0 / (1.0 + np.exp(-z))
