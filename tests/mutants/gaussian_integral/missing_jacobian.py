"""The area element forgotten: f(g(u)) summed over the (u, v) grid without |det J|.
Breaks: substitution
"""


def integrate_by_substitution(f, g, jac_det, domain, n):
    points, weights = midpoint_grid(domain, n)
    return float(np.sum(f(g(points)) * weights))
