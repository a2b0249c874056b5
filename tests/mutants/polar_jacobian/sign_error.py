"""d(cos θ)/dθ taken as +sin θ.
Breaks: jacobian
"""


def polar_jacobian(r, theta):
    r, theta = np.asarray(r, dtype=float), np.asarray(theta, dtype=float)
    c, s = np.cos(theta), np.sin(theta)
    return np.stack([np.stack([c, r * s], axis=-1), np.stack([s, r * c], axis=-1)], axis=-2)
