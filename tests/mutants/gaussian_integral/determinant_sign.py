"""The 2 × 2 determinant taken as b c − a d: the sign of det J flipped.
Breaks: differences
"""


def jac_det_by_differences(g, points, h):
    points = np.asarray(points, dtype=float)
    e_u, e_v = np.eye(2)
    d_du = (g(points + h * e_u) - g(points - h * e_u)) / (2 * h)
    d_dv = (g(points + h * e_v) - g(points - h * e_v)) / (2 * h)
    a, c = d_du[..., 0], d_du[..., 1]
    b, d = d_dv[..., 0], d_dv[..., 1]
    return b * c - a * d
