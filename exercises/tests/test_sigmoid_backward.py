"""Self-checks for exercise 3, sigmoid_backward. Run: pytest exercises/tests/test_sigmoid_backward.py"""

import numpy as np
import pytest

from jackit.checks import check_close, check_jacobian, check_vjp

Z = np.array([[-2.5, 0.0, 1.2], [3.0, -0.4, 0.7]])
G = np.array([[0.3, -1.1, 2.0], [-0.6, 0.9, -1.7]])
SUBNORMAL_ATOL = 16 * np.finfo(np.float64).smallest_subnormal
"""Below 2.2e-308 floats are subnormal: their spacing is 4.9e-324, whatever their size."""


def textbook_sigmoid(z):
    """1 / (1 + e^(−z)): fine for the moderate z of these checks, NOT stable for |z| of hundreds."""
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def textbook_slope(z):
    s = textbook_sigmoid(z)
    return s * (1.0 - s)


@pytest.mark.part("sigmoid")
def test_sigmoid_of_moderate_values(exercise, tol):
    """Does sigmoid match 1 / (1 + e^(−z)) on a (2, 3) batch, and is sigmoid(0) a single number, 0.5?"""
    check_close(exercise.sigmoid(Z), textbook_sigmoid(Z), rtol=tol.reference, name="sigmoid(z) on a (2, 3) batch")
    check_close(exercise.sigmoid(np.array(0.0)), 0.5, rtol=tol.reference, name="sigmoid(0)")


@pytest.mark.part("sigmoid")
def test_sigmoid_saturates_without_overflow(exercise, tol):
    """Is sigmoid exactly [0, 0, 1, 1] at z = [−1000, −800, 800, 1000], with no overflow on the way?"""
    z = np.array([-1000.0, -800.0, 800.0, 1000.0])
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            got, problem = exercise.sigmoid(z), None
    except FloatingPointError as err:
        problem = str(err)
    if problem:
        pytest.fail(f"sigmoid(z) at z = ±800, ±1000: numpy reports '{problem}'. In float64 e^1000 is inf: "
                    "1 / (1 + e^(−z)) computes it at z = −1000, e^z / (1 + e^z) at z = 1000 (and inf / inf "
                    "is nan). Compute e^(−|z|), which is never above 1, and choose the formula by the sign "
                    "of z.", pytrace=False)
    check_close(got, np.array([0.0, 0.0, 1.0, 1.0]), rtol=tol.reference, name="sigmoid at z = ±800, ±1000")


@pytest.mark.part("sigmoid")
def test_sigmoid_keeps_the_tiny_left_tail(exercise, tol):
    """Is σ(z) ≈ e^z, tiny but not 0, at z = −40, −300, −700 and −720?"""
    z = np.array([-40.0, -300.0, -700.0, -720.0])
    got = exercise.sigmoid(z)
    expected = np.exp(z)  # σ(z) = e^z / (1 + e^z) and e^z < 1e-17 here: the denominator rounds to 1
    check_close(got, expected, rtol=tol.reference, name="sigmoid(z) for z far below 0")
    for i, value in enumerate(z):
        check_close(got[i], expected[i], rtol=tol.reference, atol=SUBNORMAL_ATOL,
                    name=f"sigmoid({value:g}), which should be about e^({value:g}) = {expected[i]:.3g}")


@pytest.mark.part("jacobian")
def test_jacobian_of_one_vector_is_diagonal(exercise, tol):
    """Is the Jacobian at z = (0, 2, −1) the diagonal matrix diag(σ'(z)), with σ' = σ(1 − σ)?"""
    z = np.array([0.0, 2.0, -1.0])
    check_close(exercise.sigmoid_jacobian(z), np.diag(textbook_slope(z)), rtol=tol.reference,
                name="sigmoid_jacobian([0, 2, -1])")


@pytest.mark.part("jacobian")
def test_jacobian_agrees_with_finite_differences(exercise, tol):
    """Does the Jacobian at z = (0.3, −1.4, 2.2, −0.5) agree with central differences of σ?"""
    z = np.array([0.3, -1.4, 2.2, -0.5])
    check_jacobian(textbook_sigmoid, z, exercise.sigmoid_jacobian(z), rtol=tol.oracle,
                   name="sigmoid_jacobian(z) for a vector of length 4")


@pytest.mark.part("jacobian")
def test_jacobian_of_a_batch_has_one_block_per_vector(exercise, tol):
    """Does a (2, 3) batch give a (2, 3, 3) array, block b being diag(σ'(row b))?"""
    expected = np.zeros((2, 3, 3))
    for b in range(2):
        expected[b] = np.diag(textbook_slope(Z[b]))
    check_close(exercise.sigmoid_jacobian(Z), expected, rtol=tol.reference, name="sigmoid_jacobian of a (2, 3) batch")


@pytest.mark.part("backward")
def test_backward_is_the_upstream_gradient_times_the_jacobian(exercise, tol):
    """Is sigmoid_backward(z, g) equal to gᵀ J, with J = diag(σ'(z)) built explicitly?"""
    z, g = Z[0], G[0]
    J = np.diag(textbook_slope(z))
    check_close(exercise.sigmoid_backward(z, g), g @ J, rtol=tol.reference, name="sigmoid_backward(z, g)")


@pytest.mark.part("backward")
def test_backward_agrees_with_finite_differences(exercise, tol):
    """Does sigmoid_backward on a (2, 3) batch agree with central differences of g · σ(z)?"""
    check_vjp(textbook_sigmoid, Z, G, exercise.sigmoid_backward(Z, G), rtol=tol.oracle,
              name="sigmoid_backward(z, g) on a (2, 3) batch")


@pytest.mark.part("backward")
def test_backward_keeps_any_shape(exercise, tol):
    """Does sigmoid_backward work on a single number and on a (2, 3, 4) array?"""
    check_close(exercise.sigmoid_backward(np.array(0.0), np.array(4.0)), 1.0, rtol=tol.reference,
                name="sigmoid_backward(0, 4)")
    z = np.linspace(-3.0, 3.0, 24).reshape(2, 3, 4)
    g = np.cos(np.arange(24.0)).reshape(2, 3, 4)
    check_close(exercise.sigmoid_backward(z, g), textbook_slope(z) * g, rtol=tol.reference,
                name="sigmoid_backward on a (2, 3, 4) array")


@pytest.mark.part("large_batch")
def test_backward_on_a_large_batch_builds_no_matrix(exercise, tol):
    """Does sigmoid_backward handle a (32, 8192) batch, whose full Jacobian would need 550 GB?"""
    rng = np.random.default_rng(20261122)
    z, g = rng.normal(0.0, 2.0, size=(32, 8192)), rng.standard_normal((32, 8192))
    try:
        got, out_of_memory = exercise.sigmoid_backward(z, g), False
    except MemoryError:
        out_of_memory = True
    if out_of_memory:
        pytest.fail("sigmoid_backward ran out of memory on a (32, 8192) batch: it builds a Jacobian "
                    "matrix. J is diagonal, so gᵀ J is the element-wise product σ'(z) * g: no matrix, "
                    "no np.diag, no einsum with a Jacobian.", pytrace=False)
    check_close(got, textbook_slope(z) * g, rtol=tol.reference, name="sigmoid_backward on a (32, 8192) batch")
