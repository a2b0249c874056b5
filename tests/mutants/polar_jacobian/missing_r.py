"""The θ derivatives miss the factor r.
Breaks: jacobian
"""


def polar_jacobian(r, theta):
    r, theta = np.asarray(r, dtype=float), np.asarray(theta, dtype=float)
    c, s = np.cos(theta), np.sin(theta)
    return np.stack([np.stack([c, -s], axis=-1), np.stack([s, c], axis=-1)], axis=-2)
