"""Hidden tests for exercise 2, linear_map_jacobian: randomised per student, never shipped."""

import numpy as np

from jackit.checks import check_close, check_jacobian
from jackit.grading import part
from jackit.oracles import numerical_jacobian
from jackit.problems.linear import AffineMap
from jackit.problems.smooth_maps import TanhNetwork

SHAPES = [(3, 3), (3, 5), (4, 2)]
"""(m outputs, n inputs): square, wide and tall (a transposed answer fails on its values, then on its shape)."""
THIN_SHAPES = [(1, 4), (5, 1)]
"""A single output (the gradient of a scalar) and a single input."""
MAX_CONDITION = 100.0
"""Matrices for |det A| are redrawn above this condition number (see matrices_with_both_signs)."""
MIN_CURVATURE = 0.05
"""Directions for the Taylor test are redrawn below this curvature (see curved_direction)."""


def affine_map(rng, m, n):
    """x ↦ A x + b with a non-symmetric Gaussian A and an offset b larger than A's entries."""
    return AffineMap(rng.standard_normal((m, n)), 3.0 * rng.standard_normal(m))


def tanh_network(rng, m, n, hidden=6):
    """f(x) = W2 tanh(W1 x + c) with pre-activations of order 1 (curved, far from saturation)."""
    return TanhNetwork(W1=rng.standard_normal((hidden, n)) / np.sqrt(n), c=0.5 * rng.standard_normal(hidden),
                       W2=rng.standard_normal((m, hidden)))


def matrices_with_both_signs(rng, batch, n):
    """Gaussian n × n matrices whose determinants alternate in sign, negative first.

    Nearly singular draws are replaced: |det A| of a matrix with condition number κ is only known
    to about κ · eps, and a correct answer must never fail on rounding.
    """
    A = rng.standard_normal((batch, n, n))
    while np.any(ill := np.linalg.cond(A) > MAX_CONDITION):
        A[ill] = rng.standard_normal((int(ill.sum()), n, n))
    wanted = np.where(np.arange(batch) % 2 == 0, -1.0, 1.0)
    A[np.sign(np.linalg.det(A)) != wanted, 0, :] *= -1.0  # negating a row flips the sign of det
    return A


def volume_by_qr(A):
    """|det A| = ∏ |R_ii| for A = Q R: an oracle independent of the LU behind np.linalg.det."""
    return np.abs(np.prod(np.diagonal(np.linalg.qr(A)[1], axis1=-2, axis2=-1), axis=-1))


def steps_of(t, steps):
    return t / 2.0 ** np.arange(steps)


def curved_direction(rng, net, x0, t, steps):
    """A direction d (of length 1 to 2) along which f is clearly curved, even at the smallest step t_k.

    Along a nearly straight direction the remainder f(x0 + t d) − f(x0) − t J d falls towards
    rounding level, where correct implementations differ by more than tol.reference.
    """
    smallest = t / 2.0 ** (steps - 1)
    scale = max(1.0, np.linalg.norm(net.value(x0)))
    for _ in range(100):
        d = rng.standard_normal(x0.shape)
        d *= rng.uniform(1.0, 2.0) / np.linalg.norm(d)
        remainder = remainders(net.value, net.jacobian(x0), x0, d, smallest, 1)[0]
        if remainder >= MIN_CURVATURE * scale * smallest**2:
            break
    return d


def remainders(f, J0, x0, d, t, steps):
    """‖f(x0 + t_k d) − f(x0) − t_k J0 d‖ for t_k = t / 2^k, with a trusted f and Jacobian J0."""
    return np.array([np.linalg.norm(f(x0 + t_k * d) - f(x0) - t_k * (J0 @ d)) for t_k in steps_of(t, steps)])


# --------------------------------------------------------------------------------------------
# columns: forward mode


@part("columns", weight=2)
def test_columns_match_the_reference(student, reference, rng, tol):
    """Does forward mode recover A from x ↦ A x + b for a square, a wide and a tall A?"""
    for m, n in SHAPES:
        f = affine_map(rng, m, n).callback("apply")
        check_close(student.jacobian_from_columns(f, n), reference.jacobian_from_columns(f, n),
                    rtol=tol.reference, name=f"jacobian_from_columns(f, {n}) for an affine map R^{n} → R^{m}")


@part("columns")
def test_columns_agree_with_finite_differences(student, reference, rng, tol):
    """Is the recovered matrix the Jacobian of the map (central differences at two random points)?"""
    affine = affine_map(rng, 4, 3)
    got = student.jacobian_from_columns(affine.callback("apply"), 3)
    for _ in range(2):
        check_jacobian(affine.apply, rng.standard_normal(3), got, rtol=tol.oracle,
                       name="jacobian_from_columns(f, 3) for an affine map R^3 → R^4")


@part("columns")
def test_columns_with_one_output_or_one_input(student, reference, rng, tol):
    """Does forward mode give a 1 × 4 matrix for one output and a 5 × 1 matrix for one input?"""
    for m, n in THIN_SHAPES:
        f = affine_map(rng, m, n).callback("apply")
        check_close(student.jacobian_from_columns(f, n), reference.jacobian_from_columns(f, n),
                    rtol=tol.reference, name=f"jacobian_from_columns(f, {n}) for an affine map R^{n} → R^{m}")


# --------------------------------------------------------------------------------------------
# rows: reverse mode


@part("rows", weight=2)
def test_rows_match_the_reference(student, reference, rng, tol):
    """Does reverse mode recover A from the VJP v ↦ Aᵀ v for a square, a wide and a tall A?"""
    for m, n in SHAPES:
        vjp = affine_map(rng, m, n).callback("vjp")
        check_close(student.jacobian_from_rows(vjp, m), reference.jacobian_from_rows(vjp, m),
                    rtol=tol.reference, name=f"jacobian_from_rows(vjp, {m}) for an affine map R^{n} → R^{m}")


@part("rows")
def test_rows_agree_with_finite_differences_of_the_map(student, reference, rng, tol):
    """Is the matrix found from the VJP alone the Jacobian of the forward map (central differences)?"""
    affine = affine_map(rng, 3, 4)
    got = student.jacobian_from_rows(affine.callback("vjp"), 3)
    check_jacobian(affine.apply, rng.standard_normal(4), got, rtol=tol.oracle,
                   name="jacobian_from_rows(vjp, 3) for an affine map R^4 → R^3")


@part("rows")
def test_rows_with_one_output_or_one_input(student, reference, rng, tol):
    """Does reverse mode give a 1 × 4 matrix (a gradient) for one output and a 5 × 1 matrix for one input?"""
    for m, n in THIN_SHAPES:
        vjp = affine_map(rng, m, n).callback("vjp")
        check_close(student.jacobian_from_rows(vjp, m), reference.jacobian_from_rows(vjp, m),
                    rtol=tol.reference, name=f"jacobian_from_rows(vjp, {m}) for an affine map R^{n} → R^{m}")


# --------------------------------------------------------------------------------------------
# volume: |det A|


@part("volume", weight=2)
def test_volume_scale_of_a_batch_with_both_signs(student, reference, rng, tol):
    """Is the volume scale |det A| on a batch of 3 × 3 matrices, half of them with det < 0?"""
    A = matrices_with_both_signs(rng, 6, 3)
    got = student.volume_scale(A)
    check_close(got, reference.volume_scale(A), rtol=tol.reference, name="volume_scale on a (6, 3, 3) batch")
    check_close(got, volume_by_qr(A), rtol=tol.oracle, name="volume_scale against ∏ |R_ii| of a QR factorisation")


@part("volume")
def test_volume_scale_of_one_mirroring_matrix(student, reference, rng, tol):
    """Does a single 4 × 4 matrix with a negative determinant give a positive number?"""
    A = matrices_with_both_signs(rng, 1, 4)[0]
    check_close(student.volume_scale(A), reference.volume_scale(A), rtol=tol.reference,
                name="volume_scale(A) for one 4 × 4 matrix with det A < 0")


@part("volume")
def test_volume_scale_is_the_area_of_the_image_of_the_unit_square(student, reference, rng, tol):
    """Is |det A| the area of the image of the unit square under x ↦ A x + b (shoelace formula)?"""
    A = matrices_with_both_signs(rng, 5, 2)
    b = 3.0 * rng.standard_normal((5, 2))
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    image = np.einsum("bij,cj->cbi", A, corners) + b  # (4 corners, 5 maps, 2)
    x, y = image[..., 0], image[..., 1]
    area = 0.5 * np.abs(np.sum(x * np.roll(y, -1, axis=0) - np.roll(x, -1, axis=0) * y, axis=0))
    check_close(student.volume_scale(A), area, rtol=tol.oracle, name="volume_scale against the image's area")


# --------------------------------------------------------------------------------------------
# linearization: f(x0) + J(x0)(x − x0)


@part("linearization", weight=2)
def test_linearization_matches_the_reference(student, reference, rng, tol):
    """Does the linearization match on three tanh networks, at points far enough for J(x) ≠ J(x0)?"""
    for m, n in SHAPES:
        net = tanh_network(rng, m, n)
        x0 = rng.standard_normal(n)
        x = x0 + 0.7 * rng.standard_normal(n)
        args = (net.callback("value"), net.callback("jacobian"), x0, x)
        check_close(student.linearize(*args), reference.linearize(*args), rtol=tol.reference,
                    name=f"linearize for a map R^{n} → R^{m}")


@part("linearization")
def test_linearization_agrees_with_finite_differences(student, reference, rng, tol):
    """Is the linearization f(x0) + J(x0)(x − x0) with J(x0) from central differences of f, at 2 points?"""
    net = tanh_network(rng, 3, 4)
    x0 = rng.standard_normal(4)
    expected_jacobian = numerical_jacobian(net.value, x0)
    for _ in range(2):
        x = x0 + 0.5 * rng.standard_normal(4)
        got = student.linearize(net.callback("value"), net.callback("jacobian"), x0, x)
        check_close(got, net.value(x0) + expected_jacobian @ (x - x0), rtol=tol.oracle,
                    name="linearize for a map R^4 → R^3")


@part("linearization")
def test_linearization_with_one_input_and_at_the_base_point(student, reference, rng, tol):
    """Does a map with one input work, and is the linearization at x = x0 the value f(x0)?"""
    net = tanh_network(rng, 4, 1)
    x0 = rng.standard_normal(1)
    x = x0 + rng.standard_normal(1)
    args = (net.callback("value"), net.callback("jacobian"), x0, x)
    check_close(student.linearize(*args), reference.linearize(*args), rtol=tol.reference,
                name="linearize for a map R^1 → R^4")
    net = tanh_network(rng, 2, 3)
    x0 = rng.standard_normal(3)
    check_close(student.linearize(net.callback("value"), net.callback("jacobian"), x0, x0.copy()), net.value(x0),
                rtol=tol.reference, name="linearize at x = x0")


# --------------------------------------------------------------------------------------------
# quadratic: the Taylor test


@part("quadratic", weight=2)
def test_linearization_errors_match_the_reference(student, reference, rng, tol):
    """Do the errors at t, t/2, t/4, … match on two tanh networks (each compared relative to t_k²)?"""
    for m, n in [(3, 4), (5, 2)]:
        net = tanh_network(rng, m, n)
        x0, t, steps = rng.standard_normal(n), rng.uniform(0.3, 0.6), int(rng.integers(4, 6))
        d = curved_direction(rng, net, x0, t, steps)
        args = (net.callback("value"), net.callback("jacobian"), x0, d, t, steps)
        got, expected = student.linearization_errors(*args), reference.linearization_errors(*args)
        name = f"linearization_errors(..., t={t:.3f}, steps={steps}) for a map R^{n} → R^{m}"
        check_close(got, expected, rtol=tol.reference, name=name)
        t_squared = steps_of(t, steps) ** 2  # every error counts, the smallest as much as the first
        check_close(got / t_squared, expected / t_squared, rtol=tol.reference, name=f"{name} divided by t_k²")


@part("quadratic")
def test_linearization_errors_agree_with_finite_differences(student, reference, rng, tol):
    """Are the errors those of the linearization with J(x0) from central differences of f?"""
    net = tanh_network(rng, 3, 3)
    x0, t, steps = rng.standard_normal(3), rng.uniform(0.3, 0.6), 5
    d = curved_direction(rng, net, x0, t, steps)
    got = student.linearization_errors(net.callback("value"), net.callback("jacobian"), x0, d, t, steps)
    expected = remainders(net.value, numerical_jacobian(net.value, x0), x0, d, t, steps)
    check_close(got, expected, rtol=tol.oracle, name="linearization_errors")
    t_squared = steps_of(t, steps) ** 2
    check_close(got / t_squared, expected / t_squared, rtol=tol.oracle, name="linearization_errors divided by t_k²")


@part("quadratic")
def test_a_single_step_is_taken_at_t(student, reference, rng, tol):
    """With steps = 1, is the one error the error at x0 + t d itself?"""
    net = tanh_network(rng, 2, 4)
    x0, t = rng.standard_normal(4), rng.uniform(0.3, 0.6)
    d = curved_direction(rng, net, x0, t, 1)
    args = (net.callback("value"), net.callback("jacobian"), x0, d, t, 1)
    check_close(student.linearization_errors(*args), reference.linearization_errors(*args), rtol=tol.reference,
                name=f"linearization_errors(..., t={t:.3f}, steps=1)")
