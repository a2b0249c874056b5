"""Self-checks for gaussian_integral. Run: pytest exercises/tests/test_gaussian_integral.py"""

import numpy as np
import pytest

from jackit.checks import check_close
from jackit.problems.coordinate_maps import AffineIntegrand, EllipticMap, GaussianIntegrand, ParabolicMap, ShearMap

QUADRATURE_RTOL = 1e-4
"""Against a closed form, the midpoint rule's own error is allowed: below 2e−5 on the grids used here."""

ONE = AffineIntegrand(p=np.zeros(2), q=1.0)  # f(x, y) = 1: its integral is an area
UNIT_DISC = ((0.0, 1.0), (0.0, 2 * np.pi))  # r ≤ 1, θ a whole turn


@pytest.mark.part("midpoint")
def test_midpoint_rule_on_the_unit_interval(exercise, tol):
    """Does midpoint_rule(0, 1, 4) give the nodes 1/8, 3/8, 5/8, 7/8 and the weights 1/4?"""
    nodes, weights = exercise.midpoint_rule(0.0, 1.0, 4)
    check_close(nodes, np.array([0.125, 0.375, 0.625, 0.875]), rtol=tol.reference,
                name="the nodes of midpoint_rule(0, 1, 4)")
    check_close(weights, np.full(4, 0.25), rtol=tol.reference, name="the weights of midpoint_rule(0, 1, 4)")


@pytest.mark.part("midpoint")
def test_midpoint_rule_is_second_order(exercise, tol):
    """On ∫₀^π sin t dt = 2, does doubling the number of cells divide the error by 4?"""
    errors = []
    for n in (20, 40):
        nodes, weights = exercise.midpoint_rule(0.0, np.pi, n)
        errors.append(np.sum(weights * np.sin(nodes)) - 2.0)
    check_close(errors[0] / errors[1], 4.0, rtol=1e-2, name="error with 20 cells / error with 40 cells")


@pytest.mark.part("midpoint")
def test_midpoint_grid_pairs_every_u_with_every_v(exercise, tol):
    """On [0, 2] × [0, 1] with 2 × 3 cells, is points[i, j] = (uᵢ, vⱼ), shape (2, 3, 2), and every weight 1/3?"""
    points, weights = exercise.midpoint_grid(((0.0, 2.0), (0.0, 1.0)), (2, 3))
    expected = np.array([[[u, v] for v in (1 / 6, 1 / 2, 5 / 6)] for u in (0.5, 1.5)])
    check_close(points, expected, rtol=tol.reference, name="the points of the 2 × 3 grid")
    check_close(weights, np.full((2, 3), 1 / 3), rtol=tol.reference, name="the weights of the 2 × 3 grid")


@pytest.mark.part("polar")
def test_gaussian_squared_is_pi(exercise, tol):
    """With R = 6 and 400 × 4 cells, is I² = ∬ e^(−(x² + y²)) dx dy within 1e−4 of π (not π^(3/2) ≈ 5.568)?"""
    check_close(exercise.gaussian_squared_polar(6.0, 400, 4), np.pi, rtol=QUADRATURE_RTOL,
                name="gaussian_squared_polar(6, 400, 4)")


@pytest.mark.part("polar")
def test_gaussian_integral_is_sqrt_pi(exercise, tol):
    """With R = 6 and 400 × 4 cells, is I = ∫ e^(−x²) dx within 1e−4 of √π ≈ 1.77245?"""
    check_close(exercise.gaussian_integral(6.0, 400, 4), np.sqrt(np.pi), rtol=QUADRATURE_RTOL,
                name="gaussian_integral(6, 400, 4)")


@pytest.mark.part("substitution")
def test_area_of_an_ellipse(exercise, tol):
    """With x = 2 r cos θ, y = 3 r sin θ (det J = 6 r), is the area of the ellipse r ≤ 1 equal to 6π?"""
    ellipse = EllipticMap(a=2.0, b=3.0)
    got = exercise.integrate_by_substitution(ONE.value, ellipse.value, ellipse.det, UNIT_DISC, (10, 12))
    check_close(got, 6 * np.pi, rtol=tol.oracle, name="the area of the ellipse with semi-axes 2 and 3")


@pytest.mark.part("substitution")
def test_a_flipping_shear_keeps_areas_positive(exercise, tol):
    """For (u, v) ↦ (u + v, −2v), whose det J = −2 flips the plane, is the area of the image of [0, 1] × [0, 3] +6?"""
    shear = ShearMap(s=1.0, k=-2.0)
    got = exercise.integrate_by_substitution(ONE.value, shear.value, shear.det, ((0.0, 1.0), (0.0, 3.0)), (3, 5))
    check_close(got, 6.0, rtol=tol.oracle, name="the area of the sheared and flipped rectangle")


@pytest.mark.part("substitution")
def test_gaussian_over_an_ellipse(exercise, tol):
    """Is ∬ e^(−(x²/4 + y²/9)) over the ellipse x²/4 + y²/9 ≤ 1 equal to 6π (1 − e^(−1)), within 1e−4?"""
    ellipse = EllipticMap(a=2.0, b=3.0)
    gaussian = GaussianIntegrand(A=np.diag([1 / 4, 1 / 9]), c=np.zeros(2))
    got = exercise.integrate_by_substitution(gaussian.value, ellipse.value, ellipse.det, UNIT_DISC, (200, 8))
    check_close(got, 6 * np.pi * (1 - np.exp(-1.0)), rtol=QUADRATURE_RTOL,
                name="the Gaussian over the ellipse with semi-axes 2 and 3")


@pytest.mark.part("differences")
def test_differences_of_the_shear_give_its_signed_determinant(exercise, tol):
    """For the shear (u, v) ↦ (u + 3v, −2v), is det J = −2 at every point of a (2, 3) batch (negative: a flip)?"""
    shear = ShearMap(s=3.0, k=-2.0)
    points = np.array([[[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]], [[-3.0, 2.0], [1.0, 1.0], [4.0, -2.5]]])
    check_close(exercise.jac_det_by_differences(shear.value, points, 1e-3), np.full((2, 3), -2.0),
                rtol=tol.oracle, name="jac_det_by_differences for the shear, shape (2, 3)")


@pytest.mark.part("differences")
def test_differences_of_parabolic_coordinates(exercise, tol):
    """For ((u² − v²)/2, u v), is det J = u² + v² at three points (central differences are exact for it)?"""
    points = np.array([[1.0, 2.0], [-0.5, 1.5], [2.0, -3.0]])
    check_close(exercise.jac_det_by_differences(ParabolicMap().value, points, 1e-3), np.array([5.0, 2.5, 13.0]),
                rtol=tol.oracle, name="jac_det_by_differences for parabolic coordinates")
