"""Hidden tests for exercise 4, layer_vjp: randomised per student, never shipped."""

import numpy as np

from jackit.checks import CheckFailure, check_close, check_jacobian, check_vjp
from jackit.grading import part
from jackit.oracles import numerical_jacobian

# (N, D_in, D_out): distinct sizes, so that every transposition or wrong axis shows in the shapes.
SHAPES = [(5, 3, 4), (3, 6, 2), (8, 2, 5)]
SQUARE = (4, 3, 3)
"""D_in = D_out with a non-symmetric W: W and Wᵀ have the same shape and only the values tell."""


def layer_inputs(rng, n, d_in, d_out):
    """X, W, b with pre-activations of order 1 (σ' well away from 0) and a non-symmetric W."""
    X = rng.standard_normal((n, d_in))
    W = rng.standard_normal((d_out, d_in)) / np.sqrt(d_in)
    b = 0.5 * rng.standard_normal(d_out)
    return X, W, b


def output(reference, X, W, b):
    """Y of the reference forward pass: the map every finite difference is taken of."""
    return reference.dense_forward(X, W, b)[0]


def unpack(result, count, what):
    """The student's tuple of `count` values, or a failure that says what came back instead."""
    if type(result) in (tuple, list) and len(result) == count:
        return result
    found = f"a {type(result).__name__} of length {len(result)}" if type(result) in (tuple, list) \
        else f"a {type(result).__name__}"
    raise CheckFailure(f"{what} should be a tuple of {count} arrays, found {found}.", kind="type", name=what)


def check_forward(got, expected, tol, where):
    """Y, then the cache (X, W, Z) entry by entry."""
    Y, cache = unpack(got, 2, f"dense_forward(X, W, b) {where}")
    expected_Y, expected_cache = expected
    check_close(Y, expected_Y, rtol=tol.reference, name=f"Y {where}")
    cache = unpack(cache, 3, f"the cache {where} (it holds (X, W, Z))")
    for name, value, right in zip(("X", "W", "Z = X Wᵀ + b"), cache, expected_cache):
        check_close(value, right, rtol=tol.reference, name=f"the cache's {name} {where}")


def check_gradients(got, expected, tol, where):
    """dX, dW, db against the reference, each in the shape of what it differentiates."""
    got = unpack(got, 3, f"dense_backward(d_out, cache) {where}")
    for name, value, right in zip(("dX", "dW", "db"), got, expected):
        check_close(value, right, rtol=tol.reference, name=f"{name} {where}")
    return got


def sizes(shape):
    n, d_in, d_out = shape
    return f"for N = {n}, D_in = {d_in}, D_out = {d_out}"


# --------------------------------------------------------------------------------------------
# forward


@part("forward", weight=2)
def test_forward_matches_the_reference(student, reference, rng, tol):
    """Do Y and the cache (X, W, Z) match on batches with (N, D_in, D_out) = (5, 3, 4), (3, 6, 2), (8, 2, 5)?"""
    for shape in SHAPES:
        X, W, b = layer_inputs(rng, *shape)
        check_forward(student.dense_forward(X, W, b), reference.dense_forward(X, W, b), tol, sizes(shape))


@part("forward")
def test_forward_keeps_two_axes_for_one_sample_or_one_unit(student, reference, rng, tol):
    """With one sample (N = 1) or one output unit (D_out = 1), are Y and Z still 2-D, of shape (N, D_out)?"""
    for shape in [(1, 4, 3), (6, 3, 1)]:
        X, W, b = layer_inputs(rng, *shape)
        check_forward(student.dense_forward(X, W, b), reference.dense_forward(X, W, b), tol, sizes(shape))


# --------------------------------------------------------------------------------------------
# backward


@part("backward", weight=2)
def test_backward_matches_the_reference(student, reference, rng, tol):
    """Do dX, dW and db match for Gaussian d_out on four batches, one with D_in = D_out?"""
    for shape in [SQUARE, *SHAPES]:
        X, W, b = layer_inputs(rng, *shape)
        _, cache = reference.dense_forward(X, W, b)
        d_out = rng.standard_normal((shape[0], shape[2]))
        check_gradients(student.dense_backward(d_out, cache), reference.dense_backward(d_out, cache),
                        tol, sizes(shape))


@part("backward", weight=2)
def test_backward_agrees_with_finite_differences(student, reference, rng, tol):
    """Are dX, dW and db the gradients of L = Σ d_out ⊙ Y, by central differences of the forward pass?"""
    for shape in [(5, 3, 4), (2, 4, 3)]:
        X, W, b = layer_inputs(rng, *shape)
        _, cache = reference.dense_forward(X, W, b)
        d_out = rng.standard_normal((shape[0], shape[2]))
        dX, dW, db = unpack(student.dense_backward(d_out, cache), 3, f"dense_backward(d_out, cache) {sizes(shape)}")
        check_vjp(lambda X_: output(reference, X_, W, b), X, d_out, dX, rtol=tol.oracle, name=f"dX {sizes(shape)}")
        check_vjp(lambda W_: output(reference, X, W_, b), W, d_out, dW, rtol=tol.oracle, name=f"dW {sizes(shape)}")
        check_vjp(lambda b_: output(reference, X, W, b_), b, d_out, db, rtol=tol.oracle, name=f"db {sizes(shape)}")


@part("backward")
def test_backward_adds_up_the_samples(student, reference, rng, tol):
    """Does a batch of two copies of one sample give twice its dW and db, and the same dX twice?"""
    X, W, b = layer_inputs(rng, 1, 3, 4)
    d_out = rng.standard_normal((1, 4))
    for copies in (1, 2):
        batch, upstream = np.repeat(X, copies, axis=0), np.repeat(d_out, copies, axis=0)
        _, cache = reference.dense_forward(batch, W, b)
        check_gradients(student.dense_backward(upstream, cache), reference.dense_backward(upstream, cache),
                        tol, f"for {copies} cop{'y' if copies == 1 else 'ies'} of one sample")


# --------------------------------------------------------------------------------------------
# jacobian


@part("jacobian", weight=2)
def test_jacobian_matches_the_reference(student, reference, rng, tol):
    """Is the one-sample Jacobian diag(σ'(z)) W, of shape (D_out, D_in), on layers of sizes 3→4, 6→2, 2→5?"""
    for _, d_in, d_out in SHAPES:
        X, W, b = layer_inputs(rng, 1, d_in, d_out)
        check_close(student.layer_jacobian(X[0], W, b), reference.layer_jacobian(X[0], W, b),
                    rtol=tol.reference, name=f"layer_jacobian(x, W, b) for D_in = {d_in}, D_out = {d_out}")


@part("jacobian")
def test_jacobian_agrees_with_finite_differences(student, reference, rng, tol):
    """Does the Jacobian agree with central differences of x ↦ σ(W x + b) at 3 points of a 3 → 4 layer?"""
    X, W, b = layer_inputs(rng, 3, 3, 4)
    for x in X:
        check_jacobian(lambda x_: output(reference, x_[None, :], W, b)[0], x, student.layer_jacobian(x, W, b),
                       rtol=tol.oracle, name="layer_jacobian(x, W, b) for D_in = 3, D_out = 4")


# --------------------------------------------------------------------------------------------
# vjp


@part("vjp", weight=2)
def test_vjp_matches_the_reference(student, reference, rng, tol):
    """Is vᵀJ right for Jacobians of shapes S_out + S_in = (4,) + (3,), (3,) + (3, 5), (2, 4) + (3, 2)?"""
    for out_shape, in_shape in [((4,), (3,)), ((3,), (3, 5)), ((2, 4), (3, 2))]:
        J = rng.standard_normal(out_shape + in_shape)
        v = rng.standard_normal(out_shape)
        check_close(student.vjp_from_jacobian(J, v), reference.vjp_from_jacobian(J, v), rtol=tol.reference,
                    name=f"vjp_from_jacobian(J, v) with J of shape {J.shape}, v of shape {v.shape}")


@part("vjp")
def test_vjps_of_the_batch_jacobians_are_backprop(student, reference, rng, tol):
    """With v = d_out, are the VJPs of ∂Y/∂X, ∂Y/∂W and ∂Y/∂b (finite differences) the dX, dW, db of backprop?"""
    X, W, b = layer_inputs(rng, 3, 2, 4)
    _, cache = reference.dense_forward(X, W, b)
    d_out = rng.standard_normal((3, 4))
    jacobians = [numerical_jacobian(lambda X_: output(reference, X_, W, b), X),
                 numerical_jacobian(lambda W_: output(reference, X, W_, b), W),
                 numerical_jacobian(lambda b_: output(reference, X, W, b_), b)]
    for name, J, backprop in zip(("X", "W", "b"), jacobians, reference.dense_backward(d_out, cache)):
        what = f"vjp_from_jacobian(∂Y/∂{name}, d_out) with ∂Y/∂{name} of shape {J.shape}"
        got = student.vjp_from_jacobian(J, d_out)
        check_close(got, reference.vjp_from_jacobian(J, d_out), rtol=tol.reference, name=what)
        check_close(got, backprop, rtol=tol.oracle, name=f"{what}, against d{name} of backprop")


@part("vjp")
def test_vjp_of_one_sample_is_backprop_on_a_batch_of_one(student, reference, rng, tol):
    """For one sample, is vjp_from_jacobian(layer_jacobian(x, W, b), v) = Jᵀ v the dX of backprop with N = 1?"""
    X, W, b = layer_inputs(rng, 1, 5, 3)
    v = rng.standard_normal((1, 3))
    got = student.vjp_from_jacobian(reference.layer_jacobian(X[0], W, b), v[0])
    check_close(got, reference.vjp_from_jacobian(reference.layer_jacobian(X[0], W, b), v[0]),
                rtol=tol.reference, name="vjp_from_jacobian(J, v) for one sample, D_in = 5, D_out = 3")
    _, cache = reference.dense_forward(X, W, b)
    check_close(got, reference.dense_backward(v, cache)[0][0], rtol=tol.reference,
                name="Jᵀ v, against dX of backprop on a batch of one")
    check_vjp(lambda x_: output(reference, x_[None, :], W, b)[0], X[0], v[0], got, rtol=tol.oracle,
              name="Jᵀ v, against central differences of the layer")
