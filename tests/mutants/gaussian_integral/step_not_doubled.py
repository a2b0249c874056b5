"""The central difference divided by h instead of 2h: both columns twice too long.
Breaks: differences
"""


def jac_det_by_differences(g, points, h):
    points = np.asarray(points, dtype=float)
    d_du = (g(points + np.array([h, 0.0])) - g(points - np.array([h, 0.0]))) / h
    d_dv = (g(points + np.array([0.0, h])) - g(points - np.array([0.0, h]))) / h
    return d_du[..., 0] * d_dv[..., 1] - d_dv[..., 0] * d_du[..., 1]
