"""Hidden tests for exercise 1, polar_jacobian: randomised per student, never shipped."""

import functools

import numpy as np

from jackit.checks import CheckFailure, check_close, check_jacobian
from jackit.grading import part
from jackit.symbolic import check_equivalent

BATCH_SHAPES = [(3, 5), (7,), (2, 3, 4), ()]


def polar_points(rng, shape):
    """Radii away from 0 and angles all around the circle (every sign of sin and cos)."""
    return rng.uniform(0.3, 4.0, size=shape), rng.uniform(-np.pi, np.pi, size=shape)


def spherical_points(rng, shape):
    """φ away from the poles, θ all around."""
    return (rng.uniform(0.3, 4.0, size=shape), rng.uniform(0.2, np.pi - 0.2, size=shape),
            rng.uniform(-np.pi, np.pi, size=shape))


@part("jacobian", weight=3)
def test_jacobian_matches_the_reference_on_batches(student, reference, rng, tol):
    """Does the Jacobian match on batches of shapes (3, 5), (7,), (2, 3, 4) and a single point?"""
    for shape in BATCH_SHAPES:
        r, theta = polar_points(rng, shape)
        check_close(student.polar_jacobian(r, theta), reference.polar_jacobian(r, theta),
                    rtol=tol.reference, name=f"polar_jacobian on a batch of shape {shape}")


@part("jacobian")
def test_jacobian_agrees_with_finite_differences_of_the_map(student, reference, rng, tol):
    """Does the Jacobian agree with central differences of (r, θ) ↦ (r cos θ, r sin θ) at 4 points?"""
    r, theta = polar_points(rng, (4,))
    got = student.polar_jacobian(r, theta)
    check_close(got, reference.polar_jacobian(r, theta), rtol=tol.reference, name="polar_jacobian on 4 points")
    for i in range(4):
        check_jacobian(lambda p: reference.polar_to_cartesian(p[0], p[1]), np.array([r[i], theta[i]]), got[i],
                       rtol=tol.oracle, name=f"polar_jacobian({r[i]:.3f}, {theta[i]:.3f})")


@part("determinant", weight=2)
def test_area_element_matches_the_reference(student, reference, rng, tol):
    """Is the area element det J = r on batches of several shapes?"""
    for shape in BATCH_SHAPES:
        r, theta = polar_points(rng, shape)
        check_close(student.polar_area_element(r, theta), reference.polar_area_element(r, theta),
                    rtol=tol.reference, name=f"polar_area_element on a batch of shape {shape}")


@part("determinant")
def test_area_element_scales_small_cells(student, reference, rng, tol):
    """Does |det J| dr dθ match the area of the image of a small cell (shoelace formula)?"""
    r, theta = polar_points(rng, (5,))
    h = 1e-4
    corners = [(r, theta), (r + h, theta), (r + h, theta + h), (r, theta + h)]
    xy = np.stack([reference.polar_to_cartesian(a, b) for a, b in corners], axis=0)  # (4, 5, 2)
    x, y = xy[..., 0], xy[..., 1]
    area = 0.5 * np.abs(np.sum(x * np.roll(y, -1, axis=0) - np.roll(x, -1, axis=0) * y, axis=0))
    got = student.polar_area_element(r, theta)
    check_close(got, reference.polar_area_element(r, theta), rtol=tol.reference, name="polar_area_element")
    check_close(np.abs(got) * h * h, area, rtol=1e-3, name="|det J| dr dθ against the cell's area")


@functools.cache
def reference_symbolic(reference):
    """The reference's (J, det), derived once per grading process (sympy's simplify is slow)."""
    return reference.symbolic_polar_jacobian()


def jacobian_and_determinant(result):
    """The student's (J, det) pair, or a failure that says what came back instead."""
    if isinstance(result, (tuple, list)) and len(result) == 2:
        return result
    raise CheckFailure(f"symbolic_polar_jacobian() should return a pair (J, det), found {type(result).__name__}",
                       kind="type", name="symbolic_polar_jacobian()")


@part("symbolic", weight=2)
def test_symbolic_jacobian_is_equivalent(student, reference, rng, tol):
    """Is the sympy Jacobian equivalent to [[cos θ, −r sin θ], [sin θ, r cos θ]]?"""
    J, _ = jacobian_and_determinant(student.symbolic_polar_jacobian())
    expected_J, _ = reference_symbolic(reference)
    check_equivalent(J, expected_J, points=tol.symbolic_points, rng=rng, name="the symbolic Jacobian J")


@part("symbolic")
def test_symbolic_determinant_simplifies_to_r(student, reference, rng, tol):
    """Is the symbolic determinant equivalent to r?"""
    _, det = jacobian_and_determinant(student.symbolic_polar_jacobian())
    _, expected_det = reference_symbolic(reference)
    check_equivalent(det, expected_det, points=tol.symbolic_points, rng=rng, name="the determinant det J")


@part("spherical", weight=2)
def test_spherical_jacobian_matches_the_reference(student, reference, rng, tol):
    """Does the spherical Jacobian match on batches, rows (x, y, z), columns (r, φ, θ)?"""
    for shape in BATCH_SHAPES[:2]:
        r, phi, theta = spherical_points(rng, shape)
        check_close(student.spherical_jacobian(r, phi, theta), reference.spherical_jacobian(r, phi, theta),
                    rtol=tol.reference, name=f"spherical_jacobian on a batch of shape {shape}")


@part("spherical")
def test_spherical_jacobian_agrees_with_finite_differences(student, reference, rng, tol):
    """Does the spherical Jacobian agree with central differences of the map at 3 points?"""
    points = np.stack(spherical_points(rng, (3,)), axis=-1)  # (3 points, 3 coordinates)
    got = student.spherical_jacobian(points[:, 0], points[:, 1], points[:, 2])
    check_close(got, reference.spherical_jacobian(*points.T), rtol=tol.reference, name="spherical_jacobian")
    for point, jac in zip(points, got):
        check_jacobian(lambda p: reference.spherical_to_cartesian(p[0], p[1], p[2]), point, jac,
                       rtol=tol.oracle, name="spherical_jacobian at one point")


@part("spherical", weight=2)
def test_spherical_volume_element_is_r2_sin_phi(student, reference, rng, tol):
    """Is the volume element det J = r² sin φ on a batch?"""
    r, phi, theta = spherical_points(rng, (4, 3))
    check_close(student.spherical_volume_element(r, phi, theta), reference.spherical_volume_element(r, phi, theta),
                rtol=tol.reference, name="spherical_volume_element on a (4, 3) batch")
