"""Self-checks for exercise 2, linear_map_jacobian. Run: pytest exercises/tests/test_linear_map_jacobian.py"""

import numpy as np
import pytest

from jackit.checks import check_close, check_jacobian
from jackit.oracles import numerical_jacobian
from jackit.problems.linear import AffineMap
from jackit.problems.smooth_maps import TanhNetwork

A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
B = np.array([10.0, 20.0])

NETWORK = TanhNetwork(
    W1=np.array([[0.8, -0.3, 0.5], [0.2, 0.9, -0.4], [-0.6, 0.1, 0.7], [0.3, -0.5, -0.2]]),
    c=np.array([0.3, -0.2, 0.5, 0.1]),
    W2=np.array([[1.0, -0.7, 0.4, 0.9], [0.5, 0.6, -1.2, 0.3]]),
)  # a smooth map R³ → R², f(x) = W2 tanh(W1 x + c)
X0 = np.array([0.4, -0.3, 0.6])


def square_and_product(x):
    return np.array([x[0] ** 2, x[0] * x[1]])


def square_and_product_jacobian(x):
    return np.array([[2 * x[0], 0.0], [x[1], x[0]]])


@pytest.mark.part("columns")
def test_columns_of_an_affine_map(exercise, tol):
    """Do the columns f(e_j) − f(0) of x ↦ A x + b give A = [[1, 2, 3], [4, 5, 6]], whatever b?"""
    got = exercise.jacobian_from_columns(AffineMap(A, B).callback("apply"), 3)
    check_close(got, A, rtol=tol.reference, name="jacobian_from_columns(f, 3)")


@pytest.mark.part("columns")
def test_columns_agree_with_finite_differences(exercise, tol):
    """Is the matrix found for a 4 × 2 affine map its Jacobian (central differences at x = (0.5, −1))?"""
    affine = AffineMap(np.array([[1.5, -2.0], [0.3, 0.7], [-1.1, 2.4], [0.0, 0.9]]), np.array([3.0, -1.0, 2.0, 5.0]))
    got = exercise.jacobian_from_columns(affine.callback("apply"), 2)
    check_jacobian(affine.apply, np.array([0.5, -1.0]), got, rtol=tol.oracle, name="jacobian_from_columns(f, 2)")


@pytest.mark.part("rows")
def test_rows_from_the_vjp(exercise, tol):
    """Do the rows vjp(e_i) of x ↦ A x + b give A = [[1, 2, 3], [4, 5, 6]]?"""
    got = exercise.jacobian_from_rows(AffineMap(A, B).callback("vjp"), 2)
    check_close(got, A, rtol=tol.reference, name="jacobian_from_rows(vjp, 2)")


@pytest.mark.part("rows")
def test_gradient_of_a_single_output_from_one_vjp(exercise, tol):
    """With one output (m = 1), is the 1 × 4 Jacobian the single row vjp(1)?"""
    row = np.array([[0.5, -1.0, 2.0, 0.25]])
    got = exercise.jacobian_from_rows(AffineMap(row, np.array([7.0])).callback("vjp"), 1)
    check_close(got, row, rtol=tol.reference, name="jacobian_from_rows(vjp, 1)")


@pytest.mark.part("volume")
def test_volume_scale_of_a_stretch_and_a_mirror(exercise, tol):
    """Is |det| 6 for diag(2, 3) and 1 for the mirror [[0, 1], [1, 0]] (whose det is −1)?"""
    batch = np.array([[[2.0, 0.0], [0.0, 3.0]], [[0.0, 1.0], [1.0, 0.0]]])
    check_close(exercise.volume_scale(batch), np.array([6.0, 1.0]), rtol=tol.reference, name="volume_scale")


@pytest.mark.part("volume")
def test_volume_scale_of_one_matrix_with_negative_determinant(exercise, tol):
    """Does a single 3 × 3 matrix with det = −6 scale volumes by 6?"""
    matrix = np.array([[1.0, 2.0, 0.0], [3.0, 0.0, 0.0], [0.0, 1.0, 1.0]])  # det = −2 · (3 · 1) = −6
    check_close(exercise.volume_scale(matrix), 6.0, rtol=tol.reference, name="volume_scale(A)")


@pytest.mark.part("linearization")
def test_linearize_a_square_and_a_product(exercise, tol):
    """Around x0 = (1, 2), is the linearization of (x₀², x₀ x₁) at x = (1.1, 2) equal to (1.2, 2.2)?"""
    got = exercise.linearize(square_and_product, square_and_product_jacobian, np.array([1.0, 2.0]),
                             np.array([1.1, 2.0]))
    check_close(got, np.array([1.2, 2.2]), rtol=tol.reference, name="linearize(f, jac, x0, x)")


@pytest.mark.part("linearization")
def test_linearize_a_tanh_network(exercise, tol):
    """Is the linearization of a tanh network f(x0) + J(x0)(x − x0), with J from central differences?"""
    x = X0 + np.array([0.3, 0.2, -0.5])
    expected = NETWORK.value(X0) + numerical_jacobian(NETWORK.value, X0) @ (x - X0)
    got = exercise.linearize(NETWORK.callback("value"), NETWORK.callback("jacobian"), X0, x)
    check_close(got, expected, rtol=tol.oracle, name="linearize on the tanh network")


@pytest.mark.part("quadratic")
def test_linearization_errors_are_the_squared_steps(exercise, tol):
    """For (x₀², x₀ x₁) at x0 = (1, 2) along d = (1, 0), are the errors at t = 0.1, 0.05, 0.025 equal to t²?"""
    got = exercise.linearization_errors(square_and_product, square_and_product_jacobian, np.array([1.0, 2.0]),
                                        np.array([1.0, 0.0]), 0.1, 3)
    check_close(got, np.array([0.01, 0.0025, 0.000625]), rtol=tol.reference, name="linearization_errors(..., 0.1, 3)")


@pytest.mark.part("quadratic")
def test_linearization_errors_shrink_by_four(exercise, tol):
    """On the tanh network, does every halving of the step divide the error by about 4 (3.5 to 4.5)?"""
    d = np.array([1.0, -0.5, 0.8])
    got = exercise.linearization_errors(NETWORK.callback("value"), NETWORK.callback("jacobian"), X0, d, 0.2, 5)
    expected = np.array([np.linalg.norm(NETWORK.value(X0 + t * d) - NETWORK.value(X0) - t * NETWORK.jacobian(X0) @ d)
                         for t in 0.2 / 2.0 ** np.arange(5)])
    check_close(got, expected, rtol=tol.oracle, name="linearization_errors(..., 0.2, 5)")
    ratios = got[:-1] / got[1:]
    assert np.all((3.5 < ratios) & (ratios < 4.5)), f"the errors shrink by {np.round(ratios, 2)}, not by about 4"
