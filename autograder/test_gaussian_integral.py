"""Hidden tests for gaussian_integral: randomised per student, never shipped.

The midpoint rule is deterministic: on the same grid, every correct implementation returns the same
number up to rounding, so values are compared with the reference's at tol.reference. Independent
oracles come second: closed forms (π(1 − e^(−R²)), √π, π|ab|, π/√det A, …) at CLOSED_FORM_RTOL, a
bound on the midpoint rule's error on the grids drawn here, and the catalogue's exact determinants
(tol.oracle) for the finite-difference part.
"""

import numpy as np

from jackit.checks import CheckFailure, check_close
from jackit.grading import part
from jackit.problems.coordinate_maps import (AffineIntegrand, EllipticMap, GaussianIntegrand, ParabolicMap, PolarMap,
                                             ShearMap)

CLOSED_FORM_RTOL = 1e-3
"""Against a closed form, the midpoint rule's own error is allowed: on the grids drawn below it stays
under 1.8e−4 (measured over 3,000 draws of every test's inputs; h²/12 on the large polar discs). The
reference comparison, not this one, is what catches a different quadrature."""

FULL_TURN = (0.0, 2 * np.pi)


def unpack(result, count, what):
    """The student's tuple of `count` values, or a failure that says what came back instead."""
    if type(result) in (tuple, list) and len(result) == count:
        return result
    found = (f"a {type(result).__name__} of length {len(result)}" if type(result) in (tuple, list)
             else f"a {type(result).__name__}")
    raise CheckFailure(f"{what} should return a pair (a tuple of {count} values), found {found}.",
                       kind="type", name=what)


def interval(rng):
    """An interval [a, b] of length 0.5 to 4 that may start below 0."""
    a = float(rng.uniform(-3.0, 2.0))
    return a, a + float(rng.uniform(0.5, 4.0))


def distinct_counts(rng, low, high):
    """(n_u, n_v) with n_u ≠ n_v, so that a grid built the wrong way round has the wrong shape."""
    n_u, n_v = (int(k) for k in rng.choice(np.arange(low, high), size=2, replace=False))
    return n_u, n_v


def disc_of_gaussian(radius):
    """∬ e^(−(x² + y²)) over the disc of radius R: π (1 − e^(−R²))."""
    return np.pi * -np.expm1(-radius**2)


# --------------------------------------------------------------------------------------------
# midpoint: midpoint_rule(a, b, n), midpoint_grid(domain, n)


@part("midpoint", weight=2)
def test_midpoint_rule_with_few_and_many_cells(student, reference, rng, tol):
    """Are the nodes the centres of the n cells and the weights their width, for n from 2 to 60?"""
    for n in (int(rng.integers(2, 5)), int(rng.integers(5, 13)), int(rng.integers(20, 60))):
        a, b = interval(rng)
        name = f"midpoint_rule({a:.3f}, {b:.3f}, {n})"
        nodes, weights = unpack(student.midpoint_rule(a, b, n), 2, name)
        expected_nodes, expected_weights = reference.midpoint_rule(a, b, n)
        check_close(nodes, expected_nodes, rtol=tol.reference, name=f"the nodes of {name}")
        check_close(weights, expected_weights, rtol=tol.reference, name=f"the weights of {name}")
        p, q = rng.standard_normal(2)  # the midpoint rule integrates every line exactly
        check_close(np.sum(weights * (p * nodes + q)), p * (b * b - a * a) / 2 + q * (b - a), rtol=tol.oracle,
                    atol=tol.oracle * (b - a), name=f"Σ weights · (p t + q) with the rule of {name}")


@part("midpoint", weight=2)
def test_midpoint_grid_on_rectangles_with_distinct_counts(student, reference, rng, tol):
    """With one cell along u (its node the middle of [u0, u1]) and with n_u ≠ n_v, is points[i, j] = (uᵢ, vⱼ),
    of shape (n_u, n_v, 2), with weights αᵢ βⱼ?"""
    for n in ((1, int(rng.integers(3, 8))), distinct_counts(rng, 8, 15)):
        domain = (interval(rng), interval(rng))
        ranges = ", ".join(f"({lo:.3f}, {hi:.3f})" for lo, hi in domain)
        name = f"midpoint_grid(({ranges}), {n})"
        points, weights = unpack(student.midpoint_grid(domain, n), 2, name)
        expected_points, expected_weights = reference.midpoint_grid(domain, n)
        check_close(points, expected_points, rtol=tol.reference, name=f"the points of {name}")
        check_close(weights, expected_weights, rtol=tol.reference, name=f"the weights of {name}")
        (u, alpha), (v, beta) = (reference.midpoint_rule(lo, hi, k) for (lo, hi), k in zip(domain, n))
        check_close(points[:, 0, 0], u, rtol=tol.reference, name=f"points[:, 0, 0] of {name} (the u nodes)")
        check_close(points[0, :, 1], v, rtol=tol.reference, name=f"points[0, :, 1] of {name} (the v nodes)")
        area = (domain[0][1] - domain[0][0]) * (domain[1][1] - domain[1][0])
        check_close(np.sum(weights), area, rtol=tol.oracle, name=f"the sum of the weights of {name} (the area)")


# --------------------------------------------------------------------------------------------
# polar: gaussian_squared_polar(radius, n_r, n_theta), gaussian_integral(radius, n_r, n_theta)


def large_disc(rng):
    """R where e^(−R²) is negligible, n_r fine enough for CLOSED_FORM_RTOL, n_θ anything (the integrand is round)."""
    return float(rng.uniform(5.0, 7.0)), int(rng.integers(150, 300)), int(rng.integers(3, 40))


@part("polar", weight=2)
def test_gaussian_squared_is_pi_on_a_large_disc(student, reference, rng, tol):
    """On two polar grids of a disc of radius 5 to 7, is I² the reference's midpoint sum, and π to 1e−3?"""
    for _ in range(2):
        radius, n_r, n_theta = large_disc(rng)
        name = f"gaussian_squared_polar({radius:.3f}, {n_r}, {n_theta})"
        got = student.gaussian_squared_polar(radius, n_r, n_theta)
        check_close(got, reference.gaussian_squared_polar(radius, n_r, n_theta), rtol=tol.reference, name=name)
        check_close(got, np.pi, rtol=CLOSED_FORM_RTOL, name=f"{name} against π")


@part("polar")
def test_gaussian_squared_on_a_small_disc(student, reference, rng, tol):
    """On a disc of radius 0.6 to 1.5, is the integral π(1 − e^(−R²)), not π: is the radius used?"""
    radius, n_r, n_theta = float(rng.uniform(0.6, 1.5)), int(rng.integers(100, 200)), int(rng.integers(3, 40))
    name = f"gaussian_squared_polar({radius:.3f}, {n_r}, {n_theta})"
    got = student.gaussian_squared_polar(radius, n_r, n_theta)
    check_close(got, reference.gaussian_squared_polar(radius, n_r, n_theta), rtol=tol.reference, name=name)
    check_close(got, disc_of_gaussian(radius), rtol=CLOSED_FORM_RTOL, name=f"{name} against π (1 − e^(−R²))")


@part("polar", weight=2)
def test_gaussian_integral_is_sqrt_pi(student, reference, rng, tol):
    """On two polar grids of a large disc, is I the square root of the reference's I², and √π to 1e−3?"""
    for _ in range(2):
        radius, n_r, n_theta = large_disc(rng)
        name = f"gaussian_integral({radius:.3f}, {n_r}, {n_theta})"
        got = student.gaussian_integral(radius, n_r, n_theta)
        check_close(got, reference.gaussian_integral(radius, n_r, n_theta), rtol=tol.reference, name=name)
        check_close(got, np.sqrt(np.pi), rtol=CLOSED_FORM_RTOL, name=f"{name} against √π")


# --------------------------------------------------------------------------------------------
# substitution: integrate_by_substitution(f, g, jac_det, domain, n)


def check_substitution(student, reference, f, g, domain, n, closed_form, closed_rtol, tol, what):
    """The student's integral against the reference's (same grid) and against the closed form."""
    args = (f.callback("value"), g.callback("value"), g.callback("det"), domain, n)
    name = f"integrate_by_substitution ({what}, n = {n})"
    got = student.integrate_by_substitution(*args)
    check_close(got, reference.integrate_by_substitution(*args), rtol=tol.reference, name=name)
    check_close(got, closed_form, rtol=closed_rtol, name=f"{name} against its closed form {closed_form:.6g}")


def mirror_ellipse(rng):
    """Semi-axes of 0.5 to 3 with one of a, b negative: det J = a b r < 0, a mirror image of the ellipse."""
    a, b = rng.uniform(0.5, 3.0, size=2) * rng.permutation([-1.0, 1.0])
    return EllipticMap(a=float(a), b=float(b))


@part("substitution")
def test_gaussian_in_polar_coordinates(student, reference, rng, tol):
    """With g the polar map (det J = r), is ∬ e^(−(x² + y²)) over a disc of radius R equal to π (1 − e^(−R²))?"""
    radius = float(rng.uniform(1.0, 4.0))
    n = (int(rng.integers(150, 250)), int(rng.integers(5, 30)))
    check_substitution(student, reference, GaussianIntegrand(A=np.eye(2), c=np.zeros(2)), PolarMap(),
                       ((0.0, radius), FULL_TURN), n, disc_of_gaussian(radius), CLOSED_FORM_RTOL, tol,
                       f"Gaussian over the disc of radius {radius:.3f}, polar map")


@part("substitution", weight=2)
def test_mirrored_ellipse_area_and_gaussian(student, reference, rng, tol):
    """With x = a r cos θ, y = b r sin θ and a b < 0 (det J = a b r < 0), is the area π|ab|ρ² and the mass of
    e^(−(x²/a² + y²/b²)) equal to π|ab|(1 − e^(−ρ²))?"""
    ellipse = mirror_ellipse(rng)
    a, b = ellipse.a, ellipse.b
    rho = float(rng.uniform(0.8, 2.0))
    domain, what = ((0.0, rho), FULL_TURN), f"a = {a:.3f}, b = {b:.3f}, r ≤ {rho:.3f}"
    # The pulled-back integrand of 1 is |a b| r, linear in r: the midpoint rule is exact, up to rounding.
    check_substitution(student, reference, AffineIntegrand(p=np.zeros(2), q=1.0), ellipse, domain,
                       distinct_counts(rng, 4, 30), np.pi * abs(a * b) * rho**2, tol.oracle, tol,
                       f"the area of the ellipse {what}")
    gaussian = GaussianIntegrand(A=np.diag([1 / a**2, 1 / b**2]), c=np.zeros(2))
    n = (int(rng.integers(150, 250)), int(rng.integers(5, 30)))
    check_substitution(student, reference, gaussian, ellipse, domain, n,
                       np.pi * abs(a * b) * -np.expm1(-rho**2), CLOSED_FORM_RTOL, tol,
                       f"e^(−(x²/a² + y²/b²)) over the ellipse {what}")


def flipping_shear(rng):
    """(u, v) ↦ (u + s v, k v) with k < 0 (det J = k), |k| far from 1 so that forgetting it shows."""
    s = float(rng.uniform(0.3, 1.2) * rng.choice([-1.0, 1.0]))
    return ShearMap(s=s, k=-float(rng.uniform(1.5, 2.5)))


@part("substitution", weight=2)
def test_flipping_shear_with_a_line_and_a_gaussian(student, reference, rng, tol):
    """With the shear (u, v) ↦ (u + s v, k v), k < 0, is ∬ (p·x + q) over the parallelogram its area times the
    value at its centre, and ∬ of an anisotropic off-centre Gaussian over a large parallelogram π / √det A?"""
    shear = flipping_shear(rng)
    domain = (interval(rng), interval(rng))
    area = abs(shear.k) * (domain[0][1] - domain[0][0]) * (domain[1][1] - domain[1][0])
    line = AffineIntegrand(p=rng.standard_normal(2), q=float(rng.uniform(2.0, 4.0)))
    centre = shear.value(np.array([np.mean(domain[0]), np.mean(domain[1])]))
    # f(g(u)) |k| is affine in (u, v): the midpoint rule is exact, up to rounding.
    check_substitution(student, reference, line, shear, domain, distinct_counts(rng, 3, 20),
                       area * float(line.value(centre)), tol.oracle, tol,
                       f"a line over a parallelogram, s = {shear.s:.3f}, k = {shear.k:.3f}")

    # An off-centre Gaussian with eigenvalues of A in [1, 3]: beyond a distance 6.5 from c it is below 1e−18.
    rotation, _ = np.linalg.qr(rng.standard_normal((2, 2)))
    A = (rotation * rng.uniform(1.0, 3.0, size=2)) @ rotation.T
    gaussian = GaussianIntegrand(A=(A + A.T) / 2, c=rng.uniform(-1.0, 1.0, size=2))
    v_centre = gaussian.c[1] / shear.k
    u_centre = gaussian.c[0] - shear.s * v_centre
    half_v = 6.5 / abs(shear.k)  # the preimage of the disc of radius 6.5 around c lies in this rectangle
    half_u = 6.5 + abs(shear.s) * half_v
    domain = ((u_centre - half_u, u_centre + half_u), (v_centre - half_v, v_centre + half_v))
    check_substitution(student, reference, gaussian, shear, domain,
                       (int(rng.integers(70, 90)), int(rng.integers(60, 70))), gaussian.total(), CLOSED_FORM_RTOL,
                       tol, f"an off-centre Gaussian over a large parallelogram, s = {shear.s:.3f}, k = {shear.k:.3f}")


# --------------------------------------------------------------------------------------------
# differences: jac_det_by_differences(g, points, h)


def angles_and_radii(rng, shape):
    """Points (r, θ) with r of both signs, 0.3 ≤ |r| ≤ 3: det J = r (or a b r) changes sign within the batch."""
    radii = np.resize([1.0, -1.0], shape) * rng.uniform(0.3, 3.0, size=shape)
    return np.stack([radii, rng.uniform(-np.pi, np.pi, size=shape)], axis=-1)


def check_differences(student, reference, rng, tol, problem, points, what):
    """The student's determinants against the reference's (same step) and the catalogue's exact det J."""
    h = float(10 ** rng.uniform(-4, -3))
    name = f"jac_det_by_differences for {what} on points of shape {points.shape}, h = {h:.2e}"
    got = student.jac_det_by_differences(problem.callback("value"), points, h)
    check_close(got, reference.jac_det_by_differences(problem.value, points, h), rtol=tol.reference, name=name)
    check_close(got, problem.det(points), rtol=tol.oracle, name=f"{name}, against the exact det J")


@part("differences", weight=2)
def test_differences_where_the_determinant_changes_sign(student, reference, rng, tol):
    """For the polar map on 6 points and an elliptic map (a b < 0) on a (3, 4) batch, with r of both signs, is
    det J by central differences the reference's, and within 1e−6 of the exact, signed, determinant?"""
    check_differences(student, reference, rng, tol, PolarMap(), angles_and_radii(rng, (6,)), "the polar map")
    ellipse = EllipticMap(a=float(rng.uniform(0.5, 3.0)), b=-float(rng.uniform(0.5, 3.0)))
    check_differences(student, reference, rng, tol, ellipse, angles_and_radii(rng, (3, 4)),
                      f"the elliptic map a = {ellipse.a:.3f}, b = {ellipse.b:.3f}")


@part("differences", weight=2)
def test_differences_on_a_curved_map_and_at_a_single_point(student, reference, rng, tol):
    """For parabolic coordinates ((u² − v²)/2, u v) on a (2, 5) batch, where one-sided differences are off by O(h),
    and for a shear at a single point (shape (2,) in, shape () out), is det J the reference's and the exact one?"""
    points = rng.uniform(0.5, 2.5, size=(2, 5, 2)) * rng.choice([-1.0, 1.0], size=(2, 5, 2))
    check_differences(student, reference, rng, tol, ParabolicMap(), points, "parabolic coordinates")
    shear = ShearMap(s=float(rng.uniform(-2.0, 2.0)), k=float(rng.uniform(0.3, 0.8)))
    check_differences(student, reference, rng, tol, shear, rng.uniform(-3.0, 3.0, size=2),
                      f"the shear s = {shear.s:.3f}, k = {shear.k:.3f}")
