"""The integrand evaluated at the grid points u instead of the mapped points g(u).
Breaks: substitution
"""


def integrate_by_substitution(f, g, jac_det, domain, n):
    points, weights = midpoint_grid(domain, n)
    return float(np.sum(f(points) * np.abs(jac_det(points)) * weights))
