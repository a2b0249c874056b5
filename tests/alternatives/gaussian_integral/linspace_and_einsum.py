"""np.linspace for the midpoints, einsum for the weighted sums, np.linalg.det of a stacked Jacobian."""


def midpoint_rule(a, b, n):
    h = (b - a) / n
    return np.linspace(a + h / 2, b - h / 2, n), h * np.ones(n)


def midpoint_grid(domain, n):
    u, alpha = midpoint_rule(*domain[0], n[0])
    v, beta = midpoint_rule(*domain[1], n[1])
    points = np.empty((len(u), len(v), 2))
    points[..., 0] = u[:, None]
    points[..., 1] = v[None, :]
    return points, np.einsum("i,j->ij", alpha, beta)


def gaussian_squared_polar(radius, n_r, n_theta):
    r, alpha = midpoint_rule(0.0, radius, n_r)
    theta, beta = midpoint_rule(0.0, 2 * np.pi, n_theta)
    radial = np.exp(-r**2) * r  # the integrand times the area element, at every r node
    return float(np.einsum("i,i,j->", radial, alpha, beta))


def gaussian_integral(radius, n_r, n_theta):
    return float(gaussian_squared_polar(radius, n_r, n_theta) ** 0.5)


def integrate_by_substitution(f, g, jac_det, domain, n):
    points, weights = midpoint_grid(domain, n)
    flat = points.reshape(-1, 2)
    values = f(g(flat)) * np.abs(jac_det(flat))
    return float(np.einsum("k,k->", values, weights.reshape(-1)))


def jac_det_by_differences(g, points, h):
    points = np.asarray(points, dtype=float)
    steps = h * np.eye(2)
    columns = [(g(points + s) - g(points - s)) / (2 * h) for s in steps]
    return np.linalg.det(np.stack(columns, axis=-1))  # J[..., i, k] = ∂g_i/∂u_k
