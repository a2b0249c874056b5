"""Tests of jackit.oracles: finite-difference Jacobians, JVPs, VJPs, gradients and error measures."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jackit.oracles import (
    BASE_STEP,
    EPS,
    frobenius_norm,
    numerical_grad,
    numerical_jacobian,
    numerical_jvp,
    numerical_vjp,
    projection_error,
    relative_error,
    scaled_random_direction,
    step_sizes,
    taylor_remainder_order,
)


def polar(p):
    """(…, 2) polar coordinates (r, θ) → (…, 2) Cartesian (x, y)."""
    r, theta = p[..., 0], p[..., 1]
    return np.stack([r * np.cos(theta), r * np.sin(theta)], axis=-1)


def polar_jacobian(p):
    """(2,) → (2, 2): rows are the outputs (x, y), columns the inputs (r, θ)."""
    r, theta = p
    return np.array([[np.cos(theta), -r * np.sin(theta)], [np.sin(theta), r * np.cos(theta)]])


P0 = np.array([2.0, 0.7])


# --------------------------------------------------------------------------------------------
# Steps


def test_step_sizes_follow_the_rule():
    """Is h_j = eps^(1/3) · max(1, |x_j|), times step_scale?"""
    x = np.array([[0.0, -0.5], [3.0, -1e3]])
    expected = EPS ** (1 / 3) * np.array([[1.0, 1.0], [3.0, 1e3]])
    np.testing.assert_allclose(step_sizes(x), expected, rtol=1e-15)
    np.testing.assert_allclose(step_sizes(x, step_scale=10.0), 10 * expected, rtol=1e-15)
    assert BASE_STEP == pytest.approx(6.055e-6, rel=1e-3)


def test_differences_divide_by_the_represented_step():
    """Is the derivative of the identity exactly 1, i.e. is each difference divided by (x+h) − (x−h), not 2h?"""
    x = np.random.default_rng(0).uniform(-1e3, 1e3, size=50)
    h = step_sizes(x)
    assert np.any((x + h) - (x - h) != 2 * h), "no x where the represented step differs: the test proves nothing"
    jac = numerical_jacobian(lambda y: y, x)
    assert np.array_equal(jac, np.eye(50))


# --------------------------------------------------------------------------------------------
# Shapes and the (out…, in…) convention

SHAPES = [(), (3,), (2, 4), (4, 1, 3)]


@pytest.mark.parametrize("in_shape", SHAPES)
@pytest.mark.parametrize("out_shape", SHAPES)
def test_jacobian_shape_is_outputs_then_inputs(in_shape, out_shape):
    """Does a linear map from S_in to S_out get a Jacobian of shape S_out + S_in equal to its matrix?"""
    rng = np.random.default_rng(1)
    matrix = rng.standard_normal((math.prod(out_shape), math.prod(in_shape)))

    def f(x):
        return (matrix @ x.ravel()).reshape(out_shape)

    jac = numerical_jacobian(f, rng.standard_normal(in_shape))
    assert jac.shape == out_shape + in_shape
    assert relative_error(jac.reshape(matrix.shape), matrix) < 1e-9


def test_rows_are_outputs_and_columns_inputs():
    """Is jac[i, j] = ∂f_i/∂x_j for a non-square map (entry by entry)?"""
    x = np.array([1.5, -0.5, 2.0])

    def f(x):
        return np.array([x[0] * x[1], x[2] ** 2])

    expected = np.array([[x[1], x[0], 0.0], [0.0, 0.0, 2 * x[2]]])
    np.testing.assert_allclose(numerical_jacobian(f, x), expected, rtol=1e-9, atol=1e-12)


def test_scalar_input_and_python_float_output():
    """Does a scalar function of a 0-d input, returning a Python float, get a 0-d derivative?"""
    got = numerical_jacobian(lambda t: float(np.sin(t)), 0.3)
    assert got.shape == ()
    assert got == pytest.approx(math.cos(0.3), rel=1e-9)


def test_integer_input_is_treated_as_float():
    """Is an integer x converted to float64 before stepping (no step rounded away)?"""
    got = numerical_jacobian(lambda x: x**2, np.array([1, 2, 3]))
    np.testing.assert_allclose(got, np.diag([2.0, 4.0, 6.0]), rtol=1e-9, atol=1e-12)


def test_a_function_that_overwrites_its_input_does_not_corrupt_the_oracle():
    """Does each evaluation get its own copy of x, so that an f writing into x cannot change the result?"""

    def squares_in_place(x):
        x **= 2
        return x

    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(numerical_jacobian(squares_in_place, x), np.diag([2.0, 4.0]), rtol=1e-9)
    assert np.array_equal(x, [1.0, 2.0])


def test_output_shape_must_not_change_near_x():
    """Does the oracle refuse an f whose output shape changes from one evaluation to the next?"""
    calls = iter(range(100))

    def unstable(x):
        return np.zeros(2 + (next(calls) > 0))

    with pytest.raises(ValueError, match="shape"):
        numerical_jacobian(unstable, np.ones(2))


# --------------------------------------------------------------------------------------------
# JVP, VJP and gradient agree with the Jacobian


def test_jvp_along_a_basis_vector_is_exactly_a_column():
    """Is numerical_jvp(f, x, e_j) exactly column j of numerical_jacobian?"""
    x = np.array([[2.0, 0.7], [0.5, -2.5]])
    jac = numerical_jacobian(polar, x)
    for j in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[j] = 1.0
        assert np.array_equal(numerical_jvp(polar, x, e), jac[(...,) + j])


def test_jvp_and_vjp_contract_the_jacobian():
    """Are J u and vᵀ J the contractions of the numerical Jacobian, with the right shapes?"""
    rng = np.random.default_rng(2)
    x = rng.uniform(0.5, 2.0, size=(3, 2))
    u = rng.standard_normal(x.shape)
    v = rng.standard_normal(polar(x).shape)
    jac = numerical_jacobian(polar, x)
    np.testing.assert_allclose(numerical_jvp(polar, x, u), np.tensordot(jac, u, 2), rtol=1e-13, atol=1e-15)
    vjp = numerical_vjp(polar, x, v)
    assert vjp.shape == x.shape
    np.testing.assert_allclose(vjp, np.tensordot(v, jac, 2), rtol=1e-13, atol=1e-15)


def test_jvp_along_zero_is_zero():
    """Is J·0 exactly 0, of the output's shape, without stepping?"""
    assert np.array_equal(numerical_jvp(polar, P0, np.zeros(2)), np.zeros(2))


def test_grad_of_a_scalar_loss_has_the_shape_of_x():
    """Is the gradient of sum(x²) equal to 2x, with the shape of x?"""
    x = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -0.25]])
    got = numerical_grad(lambda y: float(np.sum(y**2)), x)
    assert got.shape == x.shape
    np.testing.assert_allclose(got, 2 * x, rtol=1e-9, atol=1e-12)


def test_grad_refuses_a_non_scalar_loss():
    """Does numerical_grad say that the loss must be a scalar when it returns a vector?"""
    with pytest.raises(ValueError, match="scalar"):
        numerical_grad(lambda y: y, np.ones(3))


def test_mismatched_directions_are_refused():
    """Are a u of the wrong shape (JVP) and a v of the wrong shape (VJP) refused with ValueError?"""
    with pytest.raises(ValueError, match="shape"):
        numerical_jvp(polar, P0, np.ones(3))
    with pytest.raises(ValueError, match="shape"):
        numerical_vjp(polar, P0, np.ones(3))


# --------------------------------------------------------------------------------------------
# Accuracy over random smooth maps (hypothesis)

ELEMENTWISE = {
    "sin": (np.sin, np.cos),
    "tanh": (np.tanh, lambda t: 1.0 - np.tanh(t) ** 2),
    "exp": (np.exp, np.exp),
    "cubic": (lambda t: t - t**3 / 3, lambda t: 1.0 - t**2),
}
shapes = st.integers(0, 3).flatmap(lambda rank: st.permutations([1, 2, 3, 4, 5]).map(lambda p: tuple(p[:rank])))


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(
    in_shape=shapes,
    out_shape=shapes,
    nonlinearity=st.sampled_from(sorted(ELEMENTWISE)),
    log10_scale=st.floats(-3.0, 3.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_oracles_are_accurate_on_smooth_maps(in_shape, out_shape, nonlinearity, log10_scale, seed):
    """Are the Jacobian, JVP and VJP within 1e-6 of the exact ones for x = A g(x / c), |x| in [1e-3, 1e3]?

    c = max(1, scale): the function varies on the scale the step rule assumes (see the module
    docstring of jackit.oracles); the inner matrix keeps pre-activations away from saturation.
    """
    rng = np.random.default_rng(seed)
    n, m = math.prod(in_shape), math.prod(out_shape)
    scale = 10.0**log10_scale
    c = max(1.0, scale)
    outer = rng.standard_normal((m, n))
    inner = rng.standard_normal((n, n)) / math.sqrt(n)
    g, dg = ELEMENTWISE[nonlinearity]

    def f(x):
        return (outer @ g(inner @ x.ravel() / c)).reshape(out_shape)

    x = scale * rng.uniform(-2.0, 2.0, size=in_shape)
    exact = (outer @ (dg(inner @ x.ravel() / c)[:, None] * inner) / c).reshape(out_shape + in_shape)
    u = rng.standard_normal(in_shape)
    v = rng.standard_normal(out_shape)
    assert relative_error(numerical_jacobian(f, x), exact) <= 1e-6
    assert relative_error(numerical_jvp(f, x, u), np.tensordot(exact, u, len(in_shape))) <= 1e-6
    assert relative_error(numerical_vjp(f, x, v), np.tensordot(v, exact, len(out_shape))) <= 1e-6


# --------------------------------------------------------------------------------------------
# Error measures


def test_relative_error_basic_values():
    """Is the norm-wise relative error 0 for equal values, 1 against zero, 2 for a sign flip, 0 for two zeros?"""
    a = np.array([[1.0, -2.0], [3.0, 4.0]])
    assert relative_error(a, a) == 0.0
    assert relative_error(a, np.zeros_like(a)) == 1.0
    assert relative_error(a, -a) == 2.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_relative_error_is_norm_wise_not_element_wise():
    """Does a tiny entry with a large element-wise error barely count next to large entries?"""
    assert relative_error([1.0, 1e-12], [1.0, 2e-12]) == pytest.approx(1e-12)


def test_relative_error_is_symmetric_and_refuses_broadcasting():
    """Is relative_error(a, b) = relative_error(b, a), and are shapes (3, 1) and (3,) refused?"""
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((2, 5))
    assert relative_error(a, b) == relative_error(b, a)
    with pytest.raises(ValueError, match="shape"):
        relative_error(np.ones((3, 1)), np.ones(3))


@pytest.mark.parametrize("magnitude", [1e-300, 1e300])
def test_norms_neither_overflow_nor_underflow(magnitude):
    """Do the norm and the relative error stay right for entries near the limits of float64?"""
    a, b = np.array([3.0, 4.0]), np.array([3.0, 5.0])
    assert frobenius_norm(magnitude * a) == pytest.approx(5.0 * magnitude, rel=1e-15)
    assert relative_error(magnitude * a, magnitude * b) == pytest.approx(relative_error(a, b), rel=1e-12)


def test_frobenius_norm_matches_numpy():
    """Is frobenius_norm the Frobenius norm of an array of any rank?"""
    a = np.random.default_rng(4).standard_normal((2, 3, 4))
    assert frobenius_norm(a) == pytest.approx(np.linalg.norm(a.ravel()), rel=1e-14)
    assert frobenius_norm(np.float64(-2.0)) == 2.0
    assert frobenius_norm(np.zeros((0, 3))) == 0.0


# --------------------------------------------------------------------------------------------
# Random projections


def test_projection_error_is_small_for_a_right_derivative_in_every_form():
    """Is vᵀ J u right to 1e-8 whether the analytic side is a Jacobian, a JVP or a VJP?"""
    jac = polar_jacobian(P0)
    forms = {"jac": jac, "jvp": lambda u: jac @ u, "vjp": lambda v: v @ jac}
    for form, value in forms.items():
        assert projection_error(polar, P0, np.random.default_rng(5), **{form: value}) < 1e-8, form


@pytest.mark.parametrize("form", ["jac", "jvp", "vjp"])
def test_projection_error_is_large_for_a_transposed_jacobian(form):
    """Does the projection see a transposed Jacobian, given in each form?"""
    wrong = polar_jacobian(P0).T
    value = {"jac": wrong, "jvp": lambda u: wrong @ u, "vjp": lambda v: v @ wrong}[form]
    assert projection_error(polar, P0, np.random.default_rng(6), probes=5, **{form: value}) > 1e-2


def test_projection_error_needs_exactly_one_derivative():
    """Does projection_error refuse no derivative, or two at once?"""
    rng = np.random.default_rng(7)
    with pytest.raises(TypeError, match="exactly one"):
        projection_error(polar, P0, rng)
    with pytest.raises(TypeError, match="exactly one"):
        projection_error(polar, P0, rng, jac=np.eye(2), jvp=lambda u: u)


def test_projection_error_costs_two_evaluations_per_probe():
    """Does each probe evaluate f twice (plus once for the output shape), whatever the size of x?"""
    calls = []

    def counted(x):
        calls.append(1)
        return np.sin(x)

    x = np.linspace(0.1, 1.0, 200)
    projection_error(counted, x, np.random.default_rng(8), jvp=np.cos(x).__mul__, probes=4)
    assert len(calls) == 1 + 2 * 4


# --------------------------------------------------------------------------------------------
# Taylor remainder


def test_taylor_order_is_two_for_a_right_jacobian_and_one_for_a_wrong_one():
    """Does the remainder shrink like t² with the right J d and like t with a transposed one?"""
    d = scaled_random_direction(P0)
    right = taylor_remainder_order(polar, P0, d, polar_jacobian(P0) @ d)
    wrong = taylor_remainder_order(polar, P0, d, polar_jacobian(P0).T @ d)
    assert right == pytest.approx(2.0, abs=0.1)
    assert wrong == pytest.approx(1.0, abs=0.1)


def test_taylor_order_of_a_vanishing_derivative():
    """Is the remainder of x³ at 0 with derivative 0 of order 3 (a right, zero derivative)?"""
    assert taylor_remainder_order(lambda t: t**3, 0.0, 1.0, 0.0) == pytest.approx(3.0, abs=0.1)


def test_taylor_order_is_infinite_for_an_exact_linear_map():
    """Does an affine map with its exact Jacobian leave only rounding, reported as an infinite order?"""
    matrix = np.array([[1.0, 2.0, 3.0], [4.0, -5.0, 6.0]])
    x, d = np.array([0.3, -0.2, 0.45]), np.array([1.0, -2.0, 0.5])
    assert taylor_remainder_order(lambda y: 7.0 + matrix @ y, x, d, matrix @ d) == math.inf
    assert taylor_remainder_order(lambda y: 7.0 + matrix @ y, x, d, 1.01 * matrix @ d) == pytest.approx(1.0, abs=0.05)


def test_scaled_random_direction_is_reproducible_and_follows_the_scale_of_x():
    """Is the direction the same for the same x, different for another x, and scaled by max(1, |x_j|)?"""
    x = np.array([1e3, 1e-3, -50.0, 2.0])
    d = scaled_random_direction(x)
    assert np.array_equal(d, scaled_random_direction(x.copy()))
    assert not np.array_equal(d, scaled_random_direction(x + 1.0))
    z = d / np.maximum(1.0, np.abs(x))
    assert np.all(np.abs(z) < 6.0)
