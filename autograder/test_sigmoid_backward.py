"""Hidden tests for exercise 3, sigmoid_backward: randomised per student, never shipped."""

import numpy as np

from jackit.checks import check_close, check_jacobian, check_vjp
from jackit.grading import part

BATCH_SHAPES = [(3, 5), (7,), (2, 3, 4), ()]
SUBNORMAL_ATOL = 16 * np.finfo(np.float64).smallest_subnormal
"""Below 2.2e-308 floats are subnormal, spaced 4.9e-324 apart: a few spacings of absolute slack."""


def pre_activations(rng, shape):
    """Pre-activations of a trained network's scale: both signs, away from saturation."""
    return rng.normal(0.0, 2.5, size=shape)


# --------------------------------------------------------------------------------------------
# sigmoid: the stable forward pass


@part("sigmoid", weight=2)
def test_sigmoid_matches_the_reference_on_batches(student, reference, rng, tol):
    """Does sigmoid match on batches of shapes (3, 5), (7,), (2, 3, 4) and on a single number?"""
    for shape in BATCH_SHAPES:
        z = pre_activations(rng, shape)
        check_close(student.sigmoid(z), reference.sigmoid(z), rtol=tol.reference,
                    name=f"sigmoid on an array of shape {shape}")


@part("sigmoid")
def test_sigmoid_saturates_to_0_and_1(student, reference, rng, tol):
    """At |z| between 750 and 1000 (both signs), is sigmoid 0 or 1 (to rounding), never inf or nan?"""
    z = rng.uniform(750.0, 1000.0, size=8) * np.array([1.0, -1.0] * 4)
    check_close(student.sigmoid(z), reference.sigmoid(z), rtol=tol.reference,
                name="sigmoid at |z| between 750 and 1000")


@part("sigmoid", weight=2)
def test_sigmoid_keeps_the_tiny_left_tail(student, reference, rng, tol):
    """For z from −38 down to −725, is σ(z) ≈ e^z to full precision, not rounded to 0?"""
    z = np.concatenate([
        rng.uniform(-60.0, -38.0, size=2),    # 1 + tanh(z/2) and 1 − σ(−z) round to 0 here
        rng.uniform(-700.0, -520.0, size=2),  # clipping z to ±500 changes σ here
        rng.uniform(-725.0, -712.0, size=2),  # e^(−z) overflows here: 1 / (1 + inf) = 0, not e^z (subnormal)
    ])
    got = student.sigmoid(z)
    expected = reference.sigmoid(z)
    check_close(got, expected, rtol=tol.reference, name="sigmoid for z far below 0")
    for i, value in enumerate(z):
        check_close(got[i], expected[i], rtol=tol.reference, atol=SUBNORMAL_ATOL,
                    name=f"sigmoid({value:.2f}) (about e^({value:.2f}) = {expected[i]:.3g})")


# --------------------------------------------------------------------------------------------
# sigmoid_jacobian: the diagonal Jacobian


@part("jacobian", weight=2)
def test_jacobian_matches_the_reference_on_batches(student, reference, rng, tol):
    """Does the Jacobian match on batches (4, 6) → (4, 6, 6), (2, 3, 5) → (2, 3, 5, 5) and (5,) → (5, 5)?"""
    for shape in [(4, 6), (2, 3, 5), (5,)]:
        z = pre_activations(rng, shape)
        check_close(student.sigmoid_jacobian(z), reference.sigmoid_jacobian(z), rtol=tol.reference,
                    name=f"sigmoid_jacobian on a batch of shape {shape}")


@part("jacobian")
def test_jacobian_agrees_with_finite_differences_of_sigma(student, reference, rng, tol):
    """Is each block of a (3, 4) batch's Jacobian the central-difference Jacobian of σ at its row?"""
    z = pre_activations(rng, (3, 4))
    got = student.sigmoid_jacobian(z)
    check_close(got, reference.sigmoid_jacobian(z), rtol=tol.reference, name="sigmoid_jacobian on a (3, 4) batch")
    for b in range(z.shape[0]):
        check_jacobian(reference.sigmoid, z[b], got[b], rtol=tol.oracle,
                       name=f"block {b} of sigmoid_jacobian (the Jacobian of σ at row {b})")


# --------------------------------------------------------------------------------------------
# sigmoid_backward: the element-wise backward pass


@part("backward", weight=2)
def test_backward_matches_the_reference_on_batches(student, reference, rng, tol):
    """Does sigmoid_backward match on shapes (3, 5), (7,), (2, 3, 4) and () with Gaussian upstream gradients?"""
    for shape in BATCH_SHAPES:
        z, d_out = pre_activations(rng, shape), rng.standard_normal(shape)
        check_close(student.sigmoid_backward(z, d_out), reference.sigmoid_backward(z, d_out), rtol=tol.reference,
                    name=f"sigmoid_backward on arrays of shape {shape}")


@part("backward")
def test_backward_is_the_vjp_with_the_explicit_jacobian(student, reference, rng, tol):
    """On a (4, 6) batch, is sigmoid_backward(z, g) equal to gᵀ J row by row, J the explicit Jacobian?"""
    z, d_out = pre_activations(rng, (4, 6)), rng.standard_normal((4, 6))
    expected = np.einsum("bi,bij->bj", d_out, reference.sigmoid_jacobian(z))
    check_close(student.sigmoid_backward(z, d_out), expected, rtol=tol.reference,
                name="sigmoid_backward(z, g) against gᵀ J on a (4, 6) batch")


@part("backward")
def test_backward_agrees_with_finite_differences_of_sigma(student, reference, rng, tol):
    """On a (3, 4) batch, does sigmoid_backward(z, g) agree with central differences of g · σ(z)?"""
    z, d_out = pre_activations(rng, (3, 4)), rng.standard_normal((3, 4))
    check_vjp(reference.sigmoid, z, d_out, student.sigmoid_backward(z, d_out), rtol=tol.oracle,
              name="sigmoid_backward(z, g) on a (3, 4) batch")


# --------------------------------------------------------------------------------------------
# large_batch: the backward pass that never builds the Jacobian


@part("large_batch")
def test_backward_on_a_large_batch_builds_no_matrix(student, reference, rng, tol):
    """Does sigmoid_backward handle a batch of about 12 × 4000, whose whole Jacobian would need over 9 GB?"""
    # (B·n)² ≥ (10 · 3500)² entries: 9.8 GB for the Jacobian of the whole batch, ≈ 1 GB even for one
    # n × n block per row; the answer is B·n numbers (≤ 0.5 MB). Only the size is chosen here: the
    # worker's memory limit (course.toml, 1 GB) turns a Jacobian into a MemoryError before it fills.
    # (Not larger: on the grading machines arrays above ~16k entries cost ~0.5 µs per entry per copy.)
    shape = (int(rng.integers(10, 15)), int(rng.integers(3500, 4501)))
    z, d_out = pre_activations(rng, shape), rng.standard_normal(shape)
    check_close(student.sigmoid_backward(z, d_out), reference.sigmoid_backward(z, d_out), rtol=tol.reference,
                name=f"sigmoid_backward on a batch of shape {shape}")
