"""np.array([[...], [...]]) puts the 2 × 2 axes first: shape (2, 2) + S.
Breaks: jacobian
"""


def polar_jacobian(r, theta):
    r, theta = np.asarray(r, dtype=float), np.asarray(theta, dtype=float)
    return np.array([[np.cos(theta), -r * np.sin(theta)], [np.sin(theta), r * np.cos(theta)]])
