"""Tests of jackit.checks: what a student's value must be to pass, and what the failure says."""

from __future__ import annotations

import math
import pickle
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jackit.checks import (
    CheckFailure,
    check_close,
    check_grad,
    check_jacobian,
    check_jvp,
    check_vjp,
)
from jackit.oracles import numerical_jacobian, relative_error

REFERENCE = 1e-9  # course.toml defaults: against the reference solution
ORACLE = 1e-6  # against finite differences


def failure(check, *args, **kwargs) -> CheckFailure:
    """The CheckFailure that check(*args, **kwargs) raises (the test fails if it passes)."""
    with pytest.raises(CheckFailure) as caught:
        check(*args, **kwargs)
    return caught.value


# --------------------------------------------------------------------------------------------
# A batch of polar coordinates: p of shape (B, 2) holds (r, θ) rows; f(p) has shape (B, 2)


def polar(p):
    r, theta = p[..., 0], p[..., 1]
    return np.stack([r * np.cos(theta), r * np.sin(theta)], axis=-1)


def polar_blocks(p):
    """(B, 2) → (B, 2, 2): the Jacobian of each row; rows are (x, y), columns (r, θ)."""
    r, theta = p[..., 0], p[..., 1]
    c, s = np.cos(theta), np.sin(theta)
    return np.stack([np.stack([c, -r * s], -1), np.stack([s, r * c], -1)], -2)


def full_jacobian(blocks):
    """(B, 2, 2) per-row Jacobians → (B, 2, B, 2), the Jacobian of the whole batch map."""
    batch = len(blocks)
    full = np.zeros((batch, 2, batch, 2))
    for b in range(batch):
        full[b, :, b, :] = blocks[b]
    return full


def forward_difference_blocks(p, step):
    """Per-row Jacobians by forward differences with steps step · max(1, |p|)."""
    h = step * np.maximum(1.0, np.abs(p))
    columns = []
    for j in range(2):
        shifted = p.copy()
        shifted[:, j] += h[:, j]
        columns.append((polar(shifted) - polar(p)) / (shifted[:, j] - p[:, j])[:, None])
    return np.stack(columns, -1)


def polar_batch(seed, batch=3):
    rng = np.random.default_rng(seed)
    return np.stack([rng.uniform(0.5, 3.0, batch), rng.uniform(-np.pi, np.pi, batch)], -1)


WRONG_JACOBIANS = {
    "transposed": lambda p: polar_blocks(p).swapaxes(-1, -2),
    "sign error": lambda p: -polar_blocks(p),
    "missing factor r": lambda p: polar_blocks(p) / np.stack([np.ones(len(p)), p[:, 0]], -1)[:, None, :],
    "dropped off-diagonal entries": lambda p: polar_blocks(p) * np.eye(2),
    "scaled by the batch size": lambda p: len(p) * polar_blocks(p),
    "forward differences, step eps^(1/3)": lambda p: forward_difference_blocks(p, np.finfo(float).eps ** (1 / 3)),
}
SEEDS = [0, 1, 2, 3]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mistake", sorted(WRONG_JACOBIANS))
def test_every_wrong_jacobian_fails_the_oracle_check(mistake, seed):
    """Is each plausible wrong Jacobian of a batch of polar coordinates rejected against finite differences?"""
    p = polar_batch(seed)
    wrong = full_jacobian(WRONG_JACOBIANS[mistake](p))
    assert failure(check_jacobian, polar, p, wrong, rtol=ORACLE).kind == "value"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mistake", sorted(WRONG_JACOBIANS) + ["forward differences, step sqrt(eps)"])
def test_every_wrong_jacobian_fails_the_reference_check(mistake, seed):
    """Is each wrong Jacobian, forward differences with the best step included, rejected against the exact one?"""
    p = polar_batch(seed)
    if mistake == "forward differences, step sqrt(eps)":
        wrong = forward_difference_blocks(p, math.sqrt(np.finfo(float).eps))
    else:
        wrong = WRONG_JACOBIANS[mistake](p)
    assert failure(check_close, wrong, polar_blocks(p), rtol=REFERENCE).kind == "value"


@pytest.mark.parametrize("seed", SEEDS)
def test_forward_differences_with_step_sqrt_eps_pass_the_oracle_check(seed):
    """Does the oracle check (1e-6) accept forward differences with step √eps (error ~1e-8)? It does: only
    the reference check (1e-9) can reject them, so exercises that forbid them must compare with the reference."""
    p = polar_batch(seed)
    forward = forward_difference_blocks(p, math.sqrt(np.finfo(float).eps))
    assert REFERENCE < relative_error(forward, polar_blocks(p)) < ORACLE
    check_jacobian(polar, p, full_jacobian(forward), rtol=ORACLE)


@pytest.mark.parametrize("seed", SEEDS)
def test_right_batched_jacobian_passes_both_checks(seed):
    """Does the exact batched polar Jacobian pass the oracle check and the reference check?"""
    p = polar_batch(seed)
    check_jacobian(polar, p, full_jacobian(polar_blocks(p)), rtol=ORACLE)
    check_close(polar_blocks(p), polar_blocks(p).copy(), rtol=REFERENCE)


def test_transposed_jacobian_fails_with_the_worst_entry_named():
    """Does a transposed square Jacobian fail with the worst entry named and the transpose pointed out?"""
    p = np.array([2.0, 0.7])
    right = polar_blocks(p)
    caught = failure(check_jacobian, polar, p, right.T, rtol=ORACLE, name="polar_jacobian(2, 0.7)")
    index = caught.worst_index
    assert caught.kind == "value" and caught.name == "polar_jacobian(2, 0.7)"
    assert index in [(0, 1), (1, 0)]
    assert caught.worst_found == pytest.approx(right.T[index])
    assert caught.worst_expected == pytest.approx(right[index], rel=1e-8)
    assert f"worst entry [{index[0]}, {index[1]}]" in str(caught)
    assert "transpose" in str(caught)
    assert "analytic" in str(caught) and "numeric" in str(caught)


def test_transposed_non_square_jacobian_fails_on_its_shape():
    """Does a transposed Jacobian of a map from R³ to R² fail on its shape, naming both shapes?"""
    x = np.array([1.0, 2.0, 3.0])

    def f(y):
        return np.array([y[0] * y[1], y[1] * y[2]])

    right = np.array([[x[1], x[0], 0.0], [0.0, x[2], x[1]]])
    check_jacobian(f, x, right, rtol=ORACLE)
    caught = failure(check_jacobian, f, x, right.T, rtol=ORACLE)
    assert caught.kind == "shape"
    assert (caught.expected_shape, caught.found_shape) == ((2, 3), (3, 2))
    assert "expected shape (2, 3), found (3, 2)" in str(caught)
    assert "f(x).shape + x.shape" in str(caught)


# --------------------------------------------------------------------------------------------
# JVP, VJP and gradient checks

TARGETS = np.array([[1.0, -0.5], [0.25, 2.0], [-1.5, 0.75]])


def mean_squared_distance(p):
    """The loss mean_b ||polar(p_b) − target_b||²: a scalar of a (3, 2) batch."""
    return float(np.mean(np.sum((polar(p) - TARGETS) ** 2, axis=-1)))


def mean_squared_distance_grad(p, *, blocks=polar_blocks, batch_factor=1.0, sign=1.0):
    """Its gradient (3, 2): (2 / B) J_bᵀ (polar(p_b) − target_b), with knobs for the usual mistakes."""
    residual = polar(p) - TARGETS
    return sign * batch_factor * 2.0 / len(p) * np.einsum("bij,bi->bj", blocks(p), residual)


WRONG_GRADIENTS = {
    "sum instead of mean (scaled by the batch size)": dict(batch_factor=3.0),
    "gradient ascent (sign error)": dict(sign=-1.0),
    "transposed blocks": dict(blocks=WRONG_JACOBIANS["transposed"]),
    "missing factor r": dict(blocks=WRONG_JACOBIANS["missing factor r"]),
}


@pytest.mark.parametrize("seed", SEEDS)
def test_right_gradient_passes(seed):
    """Does the exact gradient of a mean squared distance pass the gradient check?"""
    p = polar_batch(seed)
    check_grad(mean_squared_distance, p, mean_squared_distance_grad(p), rtol=ORACLE)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mistake", sorted(WRONG_GRADIENTS))
def test_every_wrong_gradient_fails(mistake, seed):
    """Is each plausible wrong gradient of a batch loss rejected?"""
    p = polar_batch(seed)
    wrong = mean_squared_distance_grad(p, **WRONG_GRADIENTS[mistake])
    assert failure(check_grad, mean_squared_distance, p, wrong, rtol=ORACLE).kind == "value"


@pytest.mark.parametrize("seed", SEEDS)
def test_vjp_and_jvp_checks_accept_right_values_and_reject_the_transpose(seed):
    """Do Jᵀv and Ju pass, and do J v in place of Jᵀ v (and Jᵀ u in place of J u) fail?"""
    p = polar_batch(seed)
    rng = np.random.default_rng(100 + seed)
    v, u = rng.standard_normal((2,) + p.shape)
    blocks = polar_blocks(p)
    check_vjp(polar, p, v, np.einsum("bij,bi->bj", blocks, v), rtol=ORACLE)
    check_jvp(polar, p, u, np.einsum("bij,bj->bi", blocks, u), rtol=ORACLE)
    assert failure(check_vjp, polar, p, v, np.einsum("bij,bj->bi", blocks, v), rtol=ORACLE).kind == "value"
    assert failure(check_jvp, polar, p, u, np.einsum("bij,bi->bj", blocks, u), rtol=ORACLE).kind == "value"


def test_vjp_of_the_wrong_shape_names_the_shape_of_x():
    """Does a VJP with the shape of the output (not of x) fail on its shape, saying it should have x's shape?"""
    x = np.array([1.0, 2.0, 3.0])
    caught = failure(check_vjp, lambda y: y[:2] * y[1:], x, np.ones(2), np.ones(2), rtol=ORACLE)
    assert caught.kind == "shape" and "shape of x" in str(caught)


# --------------------------------------------------------------------------------------------
# The gray zone: retry before failing


def test_correct_derivative_whose_oracle_truncates_passes_after_retry():
    """Does the exact Jacobian of sin(1000 x) pass, although the first oracle's truncation error exceeds rtol?"""
    x = np.array([0.3, -0.2, 0.45])

    def f(y):
        return np.sin(1000.0 * y)

    exact = np.diag(1000.0 * np.cos(1000.0 * x))
    assert ORACLE < relative_error(numerical_jacobian(f, x), exact) < 1e3 * ORACLE, "not in the gray zone"
    check_jacobian(f, x, exact, rtol=ORACLE)


def test_correct_derivative_whose_oracle_rounds_passes_after_retry():
    """Does the exact Jacobian of 2e6 + A x pass, although the first oracle's rounding error exceeds rtol?"""
    matrix = np.array([[1.0, 2.0, 3.0], [4.0, -5.0, 6.0]])
    x = np.array([0.3, -0.2, 0.45])

    def f(y):
        return 2e6 + matrix @ y

    assert ORACLE < relative_error(numerical_jacobian(f, x), matrix) < 1e3 * ORACLE, "not in the gray zone"
    check_jacobian(f, x, matrix, rtol=ORACLE)


def test_slightly_wrong_derivative_in_the_gray_zone_still_fails():
    """Does a Jacobian off by 1e-5 (relative) fail after the retry, saying so?"""
    p = np.array([2.0, 0.7])
    caught = failure(check_jacobian, polar, p, polar_blocks(p) * (1 + 1e-5), rtol=ORACLE)
    assert "10× larger and 10× smaller" in str(caught)
    assert caught.error == pytest.approx(1e-5, rel=0.01)
    assert caught.tolerance == ORACLE


def test_clearly_wrong_derivative_is_not_retried():
    """Does a Jacobian far outside the gray zone fail without mentioning a retry?"""
    p = np.array([2.0, 0.7])
    assert "10× larger" not in str(failure(check_jacobian, polar, p, 2 * polar_blocks(p), rtol=ORACLE))


# --------------------------------------------------------------------------------------------
# No false failures (hypothesis)

NONLINEARITIES = {
    "identity": (lambda t: t, np.ones_like),
    "sin": (np.sin, np.cos),
    "tanh": (np.tanh, lambda t: 1.0 - np.tanh(t) ** 2),
    "exp": (np.exp, np.exp),
    "cubic": (lambda t: t + t**2 / 2 - t**3 / 3, lambda t: 1.0 + t - t**2),
}


@dataclass(frozen=True)
class SmoothMap:
    """f(x) = A g(B w) + P ((Q w) ⊙ (R w)) with w = x.ravel() / c, reshaped to out_shape.

    Linear maps, an elementwise nonlinearity g and a product of linear forms: the exact Jacobian is
    (A diag(g'(B w)) B + P (diag(R w) Q + diag(Q w) R)) / c. c = max(1, scale) makes f vary on the
    scale the oracle's step assumes (see jackit.oracles). x = scale · U(−2, 2).
    """

    in_shape: tuple[int, ...]
    out_shape: tuple[int, ...]
    nonlinearity: str
    scale: float
    seed: int
    matrices: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        rng = np.random.default_rng(self.seed)
        n, m, hidden = math.prod(self.in_shape), math.prod(self.out_shape), 3
        shapes = {"A": (m, hidden), "B": (hidden, n), "P": (m, hidden), "Q": (hidden, n), "R": (hidden, n)}
        matrices = {name: rng.standard_normal(shape) / math.sqrt(shape[1]) for name, shape in shapes.items()}
        matrices["x"] = self.scale * rng.uniform(-2.0, 2.0, self.in_shape)
        object.__setattr__(self, "matrices", matrices)

    def __call__(self, x):
        A, B, P, Q, R = (self.matrices[k] for k in "ABPQR")
        w = x.ravel() / max(1.0, self.scale)
        g, _ = NONLINEARITIES[self.nonlinearity]
        return (A @ g(B @ w) + P @ ((Q @ w) * (R @ w))).reshape(self.out_shape)

    def jacobian(self, x):
        A, B, P, Q, R = (self.matrices[k] for k in "ABPQR")
        c = max(1.0, self.scale)
        w = x.ravel() / c
        _, dg = NONLINEARITIES[self.nonlinearity]
        jac = A @ (dg(B @ w)[:, None] * B) + P @ ((R @ w)[:, None] * Q + (Q @ w)[:, None] * R)
        return (jac / c).reshape(self.out_shape + self.in_shape)


# Ranks 0 to 3, distinct sizes along the axes of one shape.
shapes = st.integers(0, 3).flatmap(lambda rank: st.permutations([1, 2, 3, 4, 5]).map(lambda p: tuple(p[:rank])))


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(
    in_shape=shapes,
    out_shape=shapes,
    nonlinearity=st.sampled_from(sorted(NONLINEARITIES)),
    log10_scale=st.floats(-3.0, 3.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_no_false_failure_on_smooth_maps(in_shape, out_shape, nonlinearity, log10_scale, seed):
    """Do exact Jacobians, JVPs, VJPs and gradients of random smooth maps all pass at rtol 1e-6?"""
    f = SmoothMap(in_shape, out_shape, nonlinearity, 10.0**log10_scale, seed)
    x = f.matrices["x"]
    jac = f.jacobian(x)
    rng = np.random.default_rng(seed)
    u, v = rng.standard_normal(in_shape), rng.standard_normal(out_shape)
    n_in, n_out = len(in_shape), len(out_shape)
    check_jacobian(f, x, jac, rtol=ORACLE)
    check_jvp(f, x, u, np.tensordot(jac, u, n_in), rtol=ORACLE)
    check_vjp(f, x, v, np.tensordot(v, jac, n_out), rtol=ORACLE)

    def loss(y):
        value = f(y)
        return float(np.vdot(v, value) + 0.5 * np.vdot(value, value))

    check_grad(loss, x, np.tensordot(v + f(x), jac, n_out), rtol=ORACLE)


# --------------------------------------------------------------------------------------------
# check_close: type, shape, dtype, finiteness, values

EXPECTED = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5], [2.0, 0.25, 6.0]])


class Booby:
    """A value whose every method lies (and records the call): a check must not call any of them."""

    calls: ClassVar[list[str]] = []

    def _record(name, result):  # noqa: N805 (a factory used in the class body)
        def method(self, *args, **kwargs):
            Booby.calls.append(name)
            return result

        return method

    __eq__ = _record("__eq__", True)
    __ne__ = _record("__ne__", False)
    __bool__ = _record("__bool__", True)
    __len__ = _record("__len__", 3)
    __float__ = _record("__float__", 1.0)
    __array__ = _record("__array__", EXPECTED)
    __getattr__ = _record("__getattr__", EXPECTED)
    del _record

    @property
    def __class__(self):  # fools isinstance(booby, np.ndarray)
        Booby.calls.append("__class__")
        return np.ndarray


@pytest.mark.parametrize(
    "got, found",
    [([[1.0, -2.0, 3.0]] * 3, "a list"), (None, "None"), (1.0, "a single number"), ("1.0", "a str")],
)
def test_values_that_are_not_arrays_fail_on_their_type(got, found):
    """Are a list, None, a float and a string rejected as the wrong type, saying what was found?"""
    caught = failure(check_close, got, EXPECTED, rtol=REFERENCE)
    assert caught.kind == "type"
    assert "expected a float64 array of shape (3, 3)" in str(caught) and f"found {found}" in str(caught)


def test_an_object_with_a_lying_eq_fails_without_any_of_its_methods_called():
    """Is an object whose __eq__ always says True (and which fakes isinstance) rejected without calling it?"""
    Booby.calls.clear()
    caught = failure(check_close, Booby(), EXPECTED, rtol=REFERENCE)
    assert caught.kind == "type" and "Booby" in str(caught)
    assert Booby.calls == []


def test_object_array_fails_on_its_dtype_without_touching_its_entries():
    """Is an array of Python objects rejected on its dtype before any entry is compared?"""
    got = np.empty(3, dtype=object)
    for i in range(3):
        got[i] = Booby()
    Booby.calls.clear()
    caught = failure(check_close, got, np.zeros(3), rtol=REFERENCE)
    assert caught.kind == "dtype" and "object" in str(caught)
    assert Booby.calls == []


def test_column_vector_fails_on_its_shape():
    """Is shape (3, 1) rejected where (3,) is expected, although numpy would broadcast them?"""
    caught = failure(check_close, np.zeros((3, 1)), np.zeros(3), rtol=REFERENCE)
    assert caught.kind == "shape"
    assert (caught.expected_shape, caught.found_shape) == ((3,), (3, 1))
    assert "expected shape (3,), found (3, 1)" in str(caught)


def test_scalar_expected_and_array_found_fail_on_shape():
    """Is a (1,) array rejected where a single number is expected?"""
    caught = failure(check_close, np.array([1.0]), 1.0, rtol=REFERENCE)
    assert caught.kind == "shape" and "expected shape () (a single number), found (1,)" in str(caught)


@pytest.mark.parametrize("dtype, words", [(np.float32, "precision"), (np.float16, "precision"), (np.int64, "integers"),
                                          (bool, "True/False"), (np.complex128, "complex")])  # fmt: skip
def test_other_dtypes_fail_on_their_dtype(dtype, words):
    """Are float32 (losing precision), float16, integer, bool and complex entries rejected where float64 is expected?"""
    caught = failure(check_close, EXPECTED.astype(dtype), EXPECTED, rtol=REFERENCE)
    assert caught.kind == "dtype"
    assert words in str(caught) and "float64" in str(caught)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_entries_fail_with_their_index(bad):
    """Is a nan or inf entry rejected, naming its index and value?"""
    got = EXPECTED.copy()
    got[2, 1] = bad
    caught = failure(check_close, got, EXPECTED, rtol=REFERENCE)
    assert caught.kind == "not_finite" and caught.worst_index == (2, 1)
    assert f"entry [2, 1] is {bad}" in str(caught)


@pytest.mark.parametrize("got", [np.array(2.5), 2.5, np.float64(2.5)], ids=["0-d array", "float", "np.float64"])
def test_scalar_forms_pass_for_a_float(got):
    """Do a 0-d array, a Python float and a numpy float64 all pass where the float 2.5 is expected?"""
    check_close(got, 2.5, rtol=REFERENCE)
    check_close(got, np.float64(2.5), rtol=REFERENCE)


def test_a_python_int_is_not_a_float():
    """Is the integer 0 rejected where a float is expected, with the fix (0.0) suggested?"""
    caught = failure(check_close, 0, 0.0, rtol=REFERENCE)
    assert caught.kind == "dtype" and "1.0 rather than 1" in str(caught)


class LyingArray(np.ndarray):
    """An ndarray subclass that claims to equal everything and lies about its shape."""

    def __eq__(self, other):
        return True

    @property
    def shape(self):
        return EXPECTED.shape


def test_ndarray_subclass_with_right_values_passes():
    """Does an ndarray subclass holding the right values pass (it is checked as a plain array)?"""
    check_close(EXPECTED.copy().view(LyingArray), EXPECTED, rtol=REFERENCE)


def test_ndarray_subclass_is_judged_by_its_true_values_and_shape():
    """Does an ndarray subclass with a lying __eq__ and shape still fail on its real values and shape?"""
    assert failure(check_close, (2 * EXPECTED).view(LyingArray), EXPECTED, rtol=REFERENCE).kind == "value"
    caught = failure(check_close, np.zeros((9, 1)).view(LyingArray), EXPECTED, rtol=REFERENCE)
    assert caught.kind == "shape" and caught.found_shape == (9, 1)


def test_integers_compare_exactly():
    """Do integer results pass only when equal (any integer dtype), and fail as floats?"""
    check_close(np.array([1, 2, 3], dtype=np.int32), [1, 2, 3], rtol=REFERENCE)
    check_close(3, 3, rtol=REFERENCE)
    caught = failure(check_close, np.array([1, 2, 4]), np.array([1, 2, 3]), rtol=0.5)
    assert caught.kind == "value" and caught.worst_index == (2,) and caught.tolerance == 0.0
    assert failure(check_close, np.array([1.0, 2.0, 3.0]), np.array([1, 2, 3]), rtol=REFERENCE).kind == "dtype"


def test_bools_compare_exactly():
    """Do True/False results pass only as bools equal to the expected ones?"""
    check_close(np.bool_(True), True, rtol=REFERENCE)
    check_close(np.array([True, False]), np.array([True, False]), rtol=REFERENCE)
    assert failure(check_close, False, True, rtol=REFERENCE).kind == "value"
    assert failure(check_close, 1, True, rtol=REFERENCE).kind == "dtype"


def test_tolerance_is_norm_wise():
    """Is ||got − expected|| <= rtol · max(||got||, ||expected||) + atol the rule, on both sides of the boundary?"""
    expected = np.array([3.0, 4.0])  # norm 5
    rtol = 1e-6
    check_close(expected + [0.0, 0.99 * 5 * rtol], expected, rtol=rtol)
    failure(check_close, expected + [0.0, 1.01 * 5 * rtol * (1 + rtol)], expected, rtol=rtol)
    failure(check_close, np.full(2, 1e-12), np.zeros(2), rtol=rtol)
    check_close(np.full(2, 1e-12), np.zeros(2), rtol=rtol, atol=2e-12)


def test_tolerance_has_no_default():
    """Must every caller state rtol (the course states it once, in course.toml)?"""
    with pytest.raises(TypeError):
        check_close(EXPECTED, EXPECTED)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        check_jacobian(polar, np.array([1.0, 0.0]), np.eye(2))  # type: ignore[call-arg]


def test_non_finite_expected_value_is_a_grader_error():
    """Is a nan in the trusted expected value reported as an error of the test, not as a student failure?"""
    with pytest.raises(ValueError, match="not finite"):
        check_close(np.zeros(2), np.array([0.0, np.nan]), rtol=REFERENCE)


# --------------------------------------------------------------------------------------------
# Messages for a value failure


def test_twice_too_large_names_worst_entry_and_ratio():
    """Does a 2× error name the worst entry (index, expected, found) and say every entry is 2× too large?"""
    caught = failure(check_close, 2 * EXPECTED, EXPECTED, rtol=REFERENCE, name="jacobian(x)")
    message = str(caught)
    assert caught.kind == "value" and caught.name == "jacobian(x)"
    assert caught.worst_index == (2, 2) and (caught.worst_expected, caught.worst_found) == (6.0, 12.0)
    assert caught.ratio == pytest.approx(2.0)
    assert "jacobian(x)" in message
    assert "worst entry [2, 2]: expected 6, found 12" in message
    assert "every entry is 2 × the expected value (2× too large)" in message
    assert caught.error == pytest.approx(0.5) and caught.tolerance == REFERENCE


def test_sign_error_is_called_a_sign_error():
    """Does a −1× error give ratio −1, name the worst entry and say 'sign error'?"""
    caught = failure(check_close, -EXPECTED, EXPECTED, rtol=REFERENCE)
    assert caught.ratio == pytest.approx(-1.0)
    assert "worst entry [2, 2]: expected 6, found -6" in str(caught)
    assert "-1 × the expected value: a sign error" in str(caught)


def test_sign_error_against_the_oracle_speaks_of_analytic_and_numeric():
    """Does a sign error in a gradient say analytic vs numeric, with the ratio −1?"""
    p = polar_batch(0)
    caught = failure(check_grad, mean_squared_distance, p, -mean_squared_distance_grad(p), rtol=ORACLE)
    assert caught.ratio == pytest.approx(-1.0, rel=1e-6)
    assert "analytic value does not match the numeric one" in str(caught)
    assert "-1 × the numeric value: a sign error" in str(caught)


def test_no_ratio_when_the_error_is_not_a_constant_factor():
    """Is ratio None (and not mentioned) when only one entry is wrong?"""
    got = EXPECTED.copy()
    got[0, 1] += 1.0
    caught = failure(check_close, got, EXPECTED, rtol=REFERENCE)
    assert caught.ratio is None and "×" not in str(caught)
    assert caught.worst_index == (0, 1) and "1 of 9 entries are off" in str(caught)


def test_close_numbers_are_shown_with_enough_digits_to_differ():
    """Are expected and found shown with enough digits to see the difference (not both as 1.28844)?"""
    caught = failure(check_close, np.array([1.2884401]), np.array([1.2884420]), rtol=REFERENCE)
    assert "expected 1.288442, found 1.288440" in str(caught)


def test_all_zeros_is_said_plainly():
    """Is a result of all zeros reported as such, with ratio 0?"""
    caught = failure(check_close, np.zeros_like(EXPECTED), EXPECTED, rtol=REFERENCE)
    assert caught.ratio == 0.0 and "all zeros" in str(caught)


def test_check_failure_is_an_assertion_error_that_survives_pickling():
    """Is CheckFailure an AssertionError (pytest shows it as a failed test) that pickles with its fields?"""
    caught = failure(check_close, 2 * EXPECTED, EXPECTED, rtol=REFERENCE)
    assert isinstance(caught, AssertionError)
    copy = pickle.loads(pickle.dumps(caught))
    assert str(copy) == str(caught) and copy.as_dict() == caught.as_dict()
    assert set(caught.as_dict()) == {"message", *CheckFailure.FIELDS}


def test_check_failure_refuses_an_unknown_kind():
    """Is a kind outside {type, shape, dtype, not_finite, value} refused?"""
    with pytest.raises(ValueError, match="kind"):
        CheckFailure("x", kind="values", name="the result")


def test_own_finite_differences_that_match_the_retried_oracle_still_fail_the_taylor_test():
    """Does a 'derivative' computed by central differences with a 10× step fail, although the retry's
    10× oracle agrees with it exactly? (At kx = mπ, sin(kx) has no curvature: its Taylor remainder
    is cubic, so the wrong first-order term shows up as an order-1 remainder.)"""
    k = 1000.0
    x = np.array([1.0, 2.0, 3.0]) * np.pi / k

    def f(y):
        return np.sin(k * y)

    own = numerical_jacobian(f, x, step_scale=10.0)
    assert ORACLE < relative_error(own, np.diag(k * np.cos(k * x))) < 1e3 * ORACLE, "not in the gray zone"
    assert failure(check_jacobian, f, x, own, rtol=ORACLE).kind == "value"
