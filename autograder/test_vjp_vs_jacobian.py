"""Hidden tests for the exercise vjp_vs_jacobian: randomised per student, never shipped."""

import numpy as np

from jackit.checks import CheckFailure, check_close, check_jacobian, check_vjp
from jackit.engine import StudentError
from jackit.grading import part

# (N, D_in, D_out): distinct sizes, so that every transposition or wrong axis shows in the shapes.
SHAPES = [(3, 4, 2), (2, 3, 5), (4, 2, 3)]
SQUARE = (3, 3, 3)
"""D_in = D_out with a non-symmetric W: J and Jᵀ have the same shape and only the values tell."""
ONE_SAMPLE = (1, 4, 3)
"""N = 1: the Jacobian is a single block, still of shape (1, D_out, 1, D_in)."""


def layer_inputs(rng, n, d_in, d_out):
    """X, W, b with pre-activations of order 1 (tanh' well away from 0) and a non-symmetric W."""
    X = rng.standard_normal((n, d_in))
    W = rng.standard_normal((d_out, d_in)) / np.sqrt(d_in)
    b = 0.5 * rng.standard_normal(d_out)
    return X, W, b


def output(reference, X, W, b):
    """Y of the reference layer: the map every finite difference is taken of."""
    return reference.dense_tanh(X, W, b)


def sizes(shape):
    n, d_in, d_out = shape
    return f"for N = {n}, D_in = {d_in}, D_out = {d_out}"


def gigabytes(n_bytes):
    return f"{n_bytes / 1e9:,.0f} GB"


# --------------------------------------------------------------------------------------------
# jacobian


@part("jacobian", weight=2)
def test_jacobian_matches_the_reference(student, reference, rng, tol):
    """Is J = ∂Y/∂X of shape (N, D_out, N, D_in), block diagonal, on five batches (one square, one of one sample)?"""
    for shape in [SQUARE, *SHAPES, ONE_SAMPLE]:
        X, W, b = layer_inputs(rng, *shape)
        check_close(student.explicit_jacobian(X, W, b), reference.explicit_jacobian(X, W, b),
                    rtol=tol.reference, name=f"explicit_jacobian(X, W, b) {sizes(shape)}")


@part("jacobian")
def test_jacobian_agrees_with_finite_differences(student, reference, rng, tol):
    """Does J agree with central differences of X ↦ tanh(X Wᵀ + b), zero blocks included?"""
    for shape in [(3, 4, 2), (2, 3, 3)]:
        X, W, b = layer_inputs(rng, *shape)
        got = student.explicit_jacobian(X, W, b)
        check_close(got, reference.explicit_jacobian(X, W, b), rtol=tol.reference,
                    name=f"explicit_jacobian(X, W, b) {sizes(shape)}")
        check_jacobian(lambda X_: output(reference, X_, W, b), X, got, rtol=tol.oracle,
                       name=f"explicit_jacobian(X, W, b) {sizes(shape)}, against central differences")


# --------------------------------------------------------------------------------------------
# through_jacobian


@part("through_jacobian", weight=2)
def test_vjp_through_the_layers_jacobian_matches_the_reference(student, reference, rng, tol):
    """With J the layer's Jacobian and a Gaussian d_out, is Jᵀ d_out right on four batches, one with D_in = D_out?"""
    for shape in [SQUARE, *SHAPES]:
        X, W, b = layer_inputs(rng, *shape)
        J = reference.explicit_jacobian(X, W, b)
        d_out = rng.standard_normal((shape[0], shape[2]))
        check_close(student.vjp_through_jacobian(J, d_out), reference.vjp_through_jacobian(J, d_out),
                    rtol=tol.reference, name=f"vjp_through_jacobian(J, d_out) {sizes(shape)}")


@part("through_jacobian")
def test_vjp_through_any_jacobian(student, reference, rng, tol):
    """Does the route through J work for any J of shape (N, D_out, N, D_in), not only a block-diagonal one?"""
    for shape in [(2, 3, 3), (3, 4, 2)]:
        n, d_in, d_out = shape
        J = rng.standard_normal((n, d_out, n, d_in))  # every sample coupled to every other
        v = rng.standard_normal((n, d_out))
        check_close(student.vjp_through_jacobian(J, v), reference.vjp_through_jacobian(J, v), rtol=tol.reference,
                    name=f"vjp_through_jacobian(J, d_out) with a dense J of shape {J.shape}")


@part("through_jacobian")
def test_vjp_through_jacobian_is_the_gradient(student, reference, rng, tol):
    """With J the layer's Jacobian, is Jᵀ d_out the gradient of L = Σ d_out ⊙ Y (central differences)?"""
    shape = (4, 3, 2)
    X, W, b = layer_inputs(rng, *shape)
    d_out = rng.standard_normal((shape[0], shape[2]))
    got = student.vjp_through_jacobian(reference.explicit_jacobian(X, W, b), d_out)
    check_vjp(lambda X_: output(reference, X_, W, b), X, d_out, got, rtol=tol.oracle,
              name=f"vjp_through_jacobian(J, d_out) {sizes(shape)}, against central differences")


# --------------------------------------------------------------------------------------------
# direct


@part("direct")
def test_direct_vjp_matches_the_reference(student, reference, rng, tol):
    """Is dX = (d_out ⊙ (1 − Y²)) W right for Gaussian d_out on four batches, one with D_in = D_out?"""
    for shape in [SQUARE, *SHAPES]:
        X, W, b = layer_inputs(rng, *shape)
        d_out = rng.standard_normal((shape[0], shape[2]))
        check_close(student.vjp_direct(X, W, b, d_out), reference.vjp_direct(X, W, b, d_out),
                    rtol=tol.reference, name=f"vjp_direct(X, W, b, d_out) {sizes(shape)}")


@part("direct")
def test_direct_vjp_agrees_with_finite_differences(student, reference, rng, tol):
    """Is the direct VJP the gradient of L = Σ d_out ⊙ tanh(X Wᵀ + b), by central differences, on two batches?"""
    for shape in [(5, 3, 4), (2, 4, 3)]:
        X, W, b = layer_inputs(rng, *shape)
        d_out = rng.standard_normal((shape[0], shape[2]))
        got = student.vjp_direct(X, W, b, d_out)
        check_close(got, reference.vjp_direct(X, W, b, d_out), rtol=tol.reference,
                    name=f"vjp_direct(X, W, b, d_out) {sizes(shape)}")
        check_vjp(lambda X_: output(reference, X_, W, b), X, d_out, got, rtol=tol.oracle,
                  name=f"vjp_direct(X, W, b, d_out) {sizes(shape)}, against central differences")


@part("direct")
def test_direct_vjp_on_a_batch_whose_jacobian_would_take_gigabytes(student, reference, rng, tol):
    """On N ≈ 3000 samples, where the explicit J would take over 3 GB (the worker has 1 GB), does the direct VJP run and match?"""
    # J takes 8·N²·D_out·D_in bytes, far beyond 1 GB, while dX (N·D_in < 10⁴ entries) stays cheap to check.
    shape = (int(rng.integers(3000, 3301)), int(rng.integers(2, 4)), int(rng.integers(24, 33)))
    X, W, b = layer_inputs(rng, *shape)
    d_out = rng.standard_normal((shape[0], shape[2]))
    try:
        got = student.vjp_direct(X, W, b, d_out)
    except StudentError as err:
        if err.kind != "memory":
            raise
        n, d_in, d_out_ = shape
        raise CheckFailure(
            f"vjp_direct ran out of memory {sizes(shape)}: the explicit Jacobian there holds N²·D_out·D_in "
            f"entries, {gigabytes(8 * n * n * d_out_ * d_in)} at 8 bytes each. Compute Δ = d_out ⊙ (1 − Y²) and dX = Δ W "
            f"without building it (and without calling explicit_jacobian).",
            kind="value", name="vjp_direct(X, W, b, d_out) on a large batch") from err
    check_close(got, reference.vjp_direct(X, W, b, d_out), rtol=tol.reference,
                name=f"vjp_direct(X, W, b, d_out) {sizes(shape)}")


# --------------------------------------------------------------------------------------------
# memory


def unpack_bill(result, shape):
    """The student's (jacobian_bytes, direct_bytes, ratio), or a failure that says what came back instead."""
    what = f"memory_ratio{shape}"
    if type(result) in (tuple, list) and len(result) == 3:
        return result
    found = f"a {type(result).__name__} of length {len(result)}" if type(result) in (tuple, list) \
        else f"a {type(result).__name__}"
    raise CheckFailure(f"{what} should return a tuple (jacobian_bytes, direct_bytes, ratio), found {found}.",
                       kind="type", name=what)


def check_bill(got, expected, shape, tol):
    jacobian_bytes, direct_bytes, ratio = unpack_bill(got, shape)
    right_jacobian, right_direct, right_ratio = expected
    check_close(jacobian_bytes, right_jacobian, rtol=0.0, name=f"jacobian_bytes {sizes(shape)}")
    check_close(direct_bytes, right_direct, rtol=0.0, name=f"direct_bytes {sizes(shape)}")
    check_close(ratio, right_ratio, rtol=tol.reference, name=f"the ratio {sizes(shape)}")


@part("memory", weight=2)
def test_memory_bill_matches_the_reference(student, reference, rng, tol):
    """Are both byte counts and their ratio right for one sample, a small layer and two large batches?"""
    shapes = [(1, int(rng.integers(2, 9)), int(rng.integers(9, 17))),
              (int(rng.integers(2, 10)), int(rng.integers(10, 20)), int(rng.integers(2, 10))),
              (int(rng.integers(100, 1000)), int(rng.integers(500, 2000)), int(rng.integers(100, 500))),
              (int(rng.integers(10_000, 50_000)), int(rng.integers(2, 30)), int(rng.integers(1000, 4000)))]
    for shape in shapes:
        check_bill(student.memory_ratio(*shape), reference.memory_ratio(*shape), shape, tol)


@part("memory")
def test_memory_bill_counts_the_arrays_each_route_builds(student, reference, rng, tol):
    """Is jacobian_bytes the nbytes of the J and dX the route through J builds, direct_bytes those of Δ and dX?"""
    shape = (int(rng.integers(3, 7)), int(rng.integers(2, 6)), int(rng.integers(6, 10)))
    X, W, b = layer_inputs(rng, *shape)
    d_out = rng.standard_normal((shape[0], shape[2]))
    J = reference.explicit_jacobian(X, W, b)
    dX = reference.vjp_through_jacobian(J, d_out)
    delta = d_out * (1.0 - output(reference, X, W, b) ** 2)
    jacobian_bytes, direct_bytes = J.nbytes + dX.nbytes, delta.nbytes + dX.nbytes
    check_bill(student.memory_ratio(*shape), (jacobian_bytes, direct_bytes, jacobian_bytes / direct_bytes),
               shape, tol)
