"""|det J| returned where the signed determinant is asked: the sign of a mirror image lost.
Breaks: differences
"""


def jac_det_by_differences(g, points, h):
    points = np.asarray(points, dtype=float)
    e_u, e_v = np.eye(2)
    d_du = (g(points + h * e_u) - g(points - h * e_u)) / (2 * h)
    d_dv = (g(points + h * e_v) - g(points - h * e_v)) / (2 * h)
    return np.abs(d_du[..., 0] * d_dv[..., 1] - d_dv[..., 0] * d_du[..., 1])
