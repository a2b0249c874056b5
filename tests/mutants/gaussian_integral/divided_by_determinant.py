"""The inverse map's area element: dividing by |det J| instead of multiplying.
Breaks: substitution
"""


def integrate_by_substitution(f, g, jac_det, domain, n):
    points, weights = midpoint_grid(domain, n)
    return float(np.sum(f(g(points)) / np.abs(jac_det(points)) * weights))
