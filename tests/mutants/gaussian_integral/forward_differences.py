"""One-sided differences (g(u + h e_k) − g(u)) / h instead of central ones.
Breaks: differences
"""


def jac_det_by_differences(g, points, h):
    points = np.asarray(points, dtype=float)
    base = g(points)
    d_du = (g(points + np.array([h, 0.0])) - base) / h
    d_dv = (g(points + np.array([0.0, h])) - base) / h
    return d_du[..., 0] * d_dv[..., 1] - d_dv[..., 0] * d_du[..., 1]
