"""Self-checks for exercise 1, polar_jacobian. Run: pytest exercises/tests/test_polar_jacobian.py"""

import numpy as np
import pytest
import sympy as sp

from jackit.checks import check_close, check_jacobian
from jackit.symbolic import check_equivalent

R = np.array([[0.5, 1.0, 2.0], [3.0, 0.7, 1.5]])
THETA = np.array([[0.0, 0.4, -1.2], [2.5, -3.0, np.pi / 2]])


@pytest.mark.part("jacobian")
def test_jacobian_at_r2_theta0(exercise, tol):
    """Is the Jacobian at r = 2, θ = 0 equal to [[1, 0], [0, 2]]?"""
    got = exercise.polar_jacobian(np.array([2.0]), np.array([0.0]))
    check_close(got, np.array([[[1.0, 0.0], [0.0, 2.0]]]), rtol=tol.reference, name="polar_jacobian([2], [0])")


@pytest.mark.part("jacobian")
def test_jacobian_keeps_the_batch_shape_in_front(exercise, tol):
    """Does a (2, 3) batch of points give a (2, 3, 2, 2) array, rows = outputs, columns = inputs?"""
    got = exercise.polar_jacobian(R, THETA)
    expected = np.empty((2, 3, 2, 2))
    expected[..., 0, 0], expected[..., 0, 1] = np.cos(THETA), -R * np.sin(THETA)
    expected[..., 1, 0], expected[..., 1, 1] = np.sin(THETA), R * np.cos(THETA)
    check_close(got, expected, rtol=tol.reference, name="polar_jacobian(r, theta)")


@pytest.mark.part("jacobian")
def test_jacobian_agrees_with_finite_differences(exercise, tol):
    """Does the Jacobian at (r, θ) = (1.5, 0.8) agree with central differences of the map?"""
    point = np.array([1.5, 0.8])
    got = exercise.polar_jacobian(np.array(point[0]), np.array(point[1]))
    check_jacobian(lambda p: exercise.polar_to_cartesian(p[0], p[1]), point, got,
                   rtol=tol.oracle, name="polar_jacobian(1.5, 0.8)")


@pytest.mark.part("determinant")
def test_area_element_is_r(exercise, tol):
    """Is det J equal to r at every point of a batch?"""
    check_close(exercise.polar_area_element(R, THETA), R, rtol=tol.reference, name="polar_area_element(r, theta)")


@pytest.mark.part("symbolic")
def test_symbolic_jacobian_and_determinant(exercise):
    """Is the sympy Jacobian [[cos θ, −r sin θ], [sin θ, r cos θ]] with determinant r?"""
    r, theta = sp.symbols("r theta", positive=True)
    J, det = exercise.symbolic_polar_jacobian()
    expected = sp.Matrix([[sp.cos(theta), -r * sp.sin(theta)], [sp.sin(theta), r * sp.cos(theta)]])
    check_equivalent(J, expected, name="the symbolic Jacobian J")
    check_equivalent(det, r, name="its determinant")


@pytest.mark.part("spherical")
def test_spherical_jacobian_at_a_point_on_the_x_axis(exercise, tol):
    """At r = 2, φ = π/2, θ = 0, is the spherical Jacobian [[1, 0, 0], [0, 0, 2], [0, −2, 0]]?"""
    got = exercise.spherical_jacobian(np.array([2.0]), np.array([np.pi / 2]), np.array([0.0]))
    expected = np.array([[[1.0, 0.0, 0.0], [0.0, 0.0, 2.0], [0.0, -2.0, 0.0]]])
    check_close(got, expected, rtol=tol.reference, atol=1e-15, name="spherical_jacobian(2, π/2, 0)")


@pytest.mark.part("spherical")
def test_spherical_jacobian_agrees_with_finite_differences(exercise, tol):
    """Does the spherical Jacobian at (1.2, 0.9, −0.4) agree with central differences of the map?"""
    point = np.array([1.2, 0.9, -0.4])
    got = exercise.spherical_jacobian(*(np.array(p) for p in point))
    check_jacobian(lambda p: exercise.spherical_to_cartesian(p[0], p[1], p[2]), point, got,
                   rtol=tol.oracle, name="spherical_jacobian(1.2, 0.9, -0.4)")


@pytest.mark.part("spherical")
def test_spherical_volume_element_is_r2_sin_phi(exercise, tol):
    """Is det J = r² sin φ at every point of a batch?"""
    r, phi, theta = np.array([0.5, 2.0, 3.0]), np.array([0.3, np.pi / 2, 2.8]), np.array([1.0, 0.3, -2.0])
    check_close(exercise.spherical_volume_element(r, phi, theta), r**2 * np.sin(phi),
                rtol=tol.reference, name="spherical_volume_element(r, phi, theta)")
