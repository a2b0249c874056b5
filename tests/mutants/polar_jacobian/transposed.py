"""The Jacobian is transposed: rows are the inputs.
Breaks: jacobian
"""


def polar_jacobian(r, theta):
    r, theta = np.asarray(r, dtype=float), np.asarray(theta, dtype=float)
    col_r = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
    col_theta = np.stack([-r * np.sin(theta), r * np.cos(theta)], axis=-1)
    return np.stack([col_r, col_theta], axis=-2)
