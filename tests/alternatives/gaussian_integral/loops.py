"""Python loops over cells and grid rows, and the polar sum split into its r and θ factors."""

import math


def midpoint_rule(a, b, n):
    h = (b - a) / n
    nodes = np.array([a + (i + 0.5) * h for i in range(n)])
    return nodes, np.array([h] * n, dtype=float)


def midpoint_grid(domain, n):
    (u0, u1), (v0, v1) = domain
    u, alpha = midpoint_rule(u0, u1, n[0])
    v, beta = midpoint_rule(v0, v1, n[1])
    points = np.zeros((n[0], n[1], 2))
    weights = np.zeros((n[0], n[1]))
    for i in range(n[0]):
        for j in range(n[1]):
            points[i, j] = (u[i], v[j])
            weights[i, j] = alpha[i] * beta[j]
    return points, weights


def gaussian_squared_polar(radius, n_r, n_theta):
    # The integrand e^(−r²) r does not depend on θ: the double sum is (Σ_θ weights) × (Σ_r ...).
    r, alpha = midpoint_rule(0.0, radius, n_r)
    _, beta = midpoint_rule(0.0, 2 * math.pi, n_theta)
    radial = sum(w * math.exp(-x * x) * x for x, w in zip(r, alpha))
    return float(radial * sum(beta))


def gaussian_integral(radius, n_r, n_theta):
    return math.sqrt(gaussian_squared_polar(radius, n_r, n_theta))


def integrate_by_substitution(f, g, jac_det, domain, n):
    points, weights = midpoint_grid(domain, n)
    total = 0.0
    for i in range(points.shape[0]):  # one row of the grid (fixed u) at a time
        row = points[i]
        total += float(np.sum(f(g(row)) * np.abs(jac_det(row)) * weights[i]))
    return total


def jac_det_by_differences(g, points, h):
    points = np.asarray(points, dtype=float)
    columns = []
    for k in range(2):
        step = np.zeros(2)
        step[k] = h
        columns.append((g(points + step) - g(points - step)) / (2 * h))
    (a, c), (b, d) = (np.moveaxis(column, -1, 0) for column in columns)
    return a * d - b * c
