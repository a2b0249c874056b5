"""Catalogued mistakes in gaussian_integral, each with the note a teaching assistant would write.

Every entry recomputes the mistaken sum on the very grid the test asked for, so it matches a
student's value to rounding, not only to the quadrature error. Measured with this midpoint rule:
without the factor r the polar sum is 2π Σᵢ h e^(−rᵢ²), and on a large disc that is π^(3/2) to the
last digits (R = 6: 5.568327996831708 for n_r = 20 to 400; within 1.5e−12 of π^(3/2) on all the
hidden tests' grids, R in [5, 7], where only the tail erfc(R) is missing), while the right sum keeps
its h²/12 error (3.141828 for R = 6, n_r = 200).
"""

import numpy as np

from jackit.grading import misconception


def _polar_sum(reference, radius, n_r, n_theta, *, theta_end=2 * np.pi, with_r=True):
    """The polar midpoint sum of e^(−r²) (times r when with_r) over [0, R] × [0, theta_end]."""
    points, weights = reference.midpoint_grid(((0.0, radius), (0.0, theta_end)), (n_r, n_theta))
    r = points[..., 0]
    return float(np.sum(np.exp(-r**2) * (r if with_r else 1.0) * weights))


def _pulled_back_sum(reference, integrand, domain, n):
    """Σ weights · integrand(points) on the reference's midpoint grid of the domain."""
    points, weights = reference.midpoint_grid(domain, n)
    return float(np.sum(integrand(points) * weights))


def _differences(g, points, h):
    """The two central-difference columns of J_g at the points (shape S + (2,) each)."""
    points = np.asarray(points, dtype=float)
    e_u, e_v = np.eye(2)
    return ((g(points + h * e_u) - g(points - h * e_u)) / (2 * h),
            (g(points + h * e_v) - g(points - h * e_v)) / (2 * h))


def _det(d_du, d_dv):
    return d_du[..., 0] * d_dv[..., 1] - d_dv[..., 0] * d_du[..., 1]


# --------------------------------------------------------------------------------------------
# midpoint_rule, midpoint_grid


@misconception("midpoint_rule", "Your nodes sit on the left ends of the cells, half a cell too early: the midpoint "
                                "of cell i is a + (i + ½) h, with h = (b − a)/n.")
def offset_half_cell(reference, a, b, n):
    nodes, weights = reference.midpoint_rule(a, b, n)
    return nodes - weights / 2, weights


@misconception("midpoint_rule", "Your nodes sit on the right ends of the cells, half a cell too late: the midpoint "
                                "of cell i is a + (i + ½) h, with h = (b − a)/n.")
def offset_half_cell_late(reference, a, b, n):
    nodes, weights = reference.midpoint_rule(a, b, n)
    return nodes + weights / 2, weights


@misconception("midpoint_rule", "np.linspace(a, b, n) puts nodes on a and b themselves, (b − a)/(n − 1) apart: "
                                "those are not the centres of n cells of width h = (b − a)/n. The nodes are "
                                "a + (i + ½) h.")
def linspace_nodes(reference, a, b, n):
    _, weights = reference.midpoint_rule(a, b, n)
    return np.linspace(a, b, n), weights


@misconception("midpoint_grid", "np.meshgrid's default indexing='xy' puts v along the first axis: your grid has "
                                "shape (n_v, n_u, 2). Use indexing='ij' so that points[i, j] = (uᵢ, vⱼ).")
def meshgrid_xy(reference, domain, n):
    points, weights = reference.midpoint_grid(domain, n)
    return np.swapaxes(points, 0, 1), weights.T


# --------------------------------------------------------------------------------------------
# gaussian_squared_polar, gaussian_integral


@misconception("gaussian_squared_polar", "The area element is missing: dx dy = |det J| dr dθ = r dr dθ, so the polar "
                                         "integrand is e^(−r²) · r. Without r your sum is 2π ∫ e^(−r²) dr, which is "
                                         "π^(3/2) ≈ 5.568 on a large disc instead of π.")
def missing_r(reference, radius, n_r, n_theta):
    return _polar_sum(reference, radius, n_r, n_theta, with_r=False)


@misconception("gaussian_squared_polar", "θ must go round the whole circle, over [0, 2π]: with [0, π] you integrate "
                                         "over half the disc and get half the answer.")
def theta_half_turn(reference, radius, n_r, n_theta):
    return _polar_sum(reference, radius, n_r, n_theta, theta_end=np.pi)


@misconception("gaussian_squared_polar", "The polar area element is r, not r² (r² sin φ is the spherical one, in 3-D): "
                                         "dx dy = r dr dθ.")
def r_squared_element(reference, radius, n_r, n_theta):
    points, weights = reference.midpoint_grid(((0.0, radius), (0.0, 2 * np.pi)), (n_r, n_theta))
    r = points[..., 0]
    return float(np.sum(np.exp(-r**2) * r**2 * weights))


@misconception("gaussian_integral", "You returned I² ≈ π: the polar double integral is the SQUARE of the Gaussian "
                                    "integral. Take its square root at the end: I = √π ≈ 1.7725.")
def no_square_root(reference, radius, n_r, n_theta):
    return reference.gaussian_squared_polar(radius, n_r, n_theta)


@misconception("gaussian_integral", "Your I is the square root of a sum without the area element r (π^(3/4) ≈ 2.359 "
                                    "on a large disc): dx dy = r dr dθ, so I² = ∬ e^(−r²) r dr dθ.")
def integral_missing_r(reference, radius, n_r, n_theta):
    return float(np.sqrt(_polar_sum(reference, radius, n_r, n_theta, with_r=False)))


@misconception("gaussian_integral", "Your I is √(I²/2): θ must go round the whole circle, over [0, 2π], not [0, π].")
def integral_theta_half_turn(reference, radius, n_r, n_theta):
    return float(np.sqrt(_polar_sum(reference, radius, n_r, n_theta, theta_end=np.pi)))


# --------------------------------------------------------------------------------------------
# integrate_by_substitution


@misconception("integrate_by_substitution", "Areas are never negative: dx dy = |det J| du dv. jac_det is negative "
                                            "where the map reverses orientation (a mirror image), and your integral "
                                            "changed sign there: take np.abs of it.")
def signed_determinant(reference, f, g, jac_det, domain, n):
    return _pulled_back_sum(reference, lambda u: f(g(u)) * jac_det(u), domain, n)


@misconception("integrate_by_substitution", "The area element is missing: ∬ f(x) dx = ∬ f(g(u)) |det J_g(u)| du. "
                                            "Without |det J| you summed over the (u, v) rectangle as if g kept areas.")
def missing_jacobian(reference, f, g, jac_det, domain, n):
    return _pulled_back_sum(reference, lambda u: f(g(u)), domain, n)


@misconception("integrate_by_substitution", "f is a function of the point of the (x, y) plane: evaluate it at the "
                                            "mapped points x = g(u), not at the grid points u themselves.")
def integrand_not_composed(reference, f, g, jac_det, domain, n):
    return _pulled_back_sum(reference, lambda u: f(u) * np.abs(jac_det(u)), domain, n)


@misconception("integrate_by_substitution", "The determinant multiplies: a cell du dv is mapped to a cell of area "
                                            "|det J| du dv, so dx dy = |det J| du dv. You divided by it.")
def divided_by_determinant(reference, f, g, jac_det, domain, n):
    return _pulled_back_sum(reference, lambda u: f(g(u)) / np.abs(jac_det(u)), domain, n)


# --------------------------------------------------------------------------------------------
# jac_det_by_differences


@misconception("jac_det_by_differences", "Use central differences, (g(u + h e_k) − g(u − h e_k)) / (2h): the "
                                         "one-sided (g(u + h e_k) − g(u)) / h is only first-order accurate.")
def forward_differences(reference, g, points, h):
    points = np.asarray(points, dtype=float)
    e_u, e_v = np.eye(2)
    base = g(points)
    return _det((g(points + h * e_u) - base) / h, (g(points + h * e_v) - base) / h)


@misconception("jac_det_by_differences", "A central difference spans 2h, from u − h e_k to u + h e_k: divide by 2h. "
                                         "Dividing by h makes both columns twice too long and the determinant 4 "
                                         "times too large.")
def step_not_doubled(reference, g, points, h):
    return 4.0 * _det(*_differences(g, points, h))


@misconception("jac_det_by_differences", "det [[a, b], [c, d]] = a d − b c, with column 0 = (a, c) the derivative "
                                         "along u and column 1 = (b, d) along v. Yours has the opposite sign.")
def determinant_sign(reference, g, points, h):
    return -_det(*_differences(g, points, h))


@misconception("jac_det_by_differences", "Return the signed determinant: it is negative where g reverses "
                                         "orientation. The absolute value belongs in the integral, not here.")
def absolute_determinant(reference, g, points, h):
    return np.abs(_det(*_differences(g, points, h)))
