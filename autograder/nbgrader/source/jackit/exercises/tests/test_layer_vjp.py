"""Self-checks for exercise 4, layer_vjp. Run: pytest exercises/tests/test_layer_vjp.py"""

import numpy as np
import pytest

from jackit.checks import check_close, check_jacobian, check_vjp
from jackit.oracles import numerical_jacobian

# A batch of N = 3 samples through a layer with D_in = 2 inputs and D_out = 4 outputs.
X = np.array([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8]])
W = np.array([[0.4, -0.7], [1.1, 0.3], [-0.6, 0.9], [0.2, 0.5]])
B = np.array([0.1, -0.2, 0.3, 0.0])
D_OUT = np.array([[1.0, -0.5, 0.3, 2.0], [-1.2, 0.7, 0.4, -0.1], [0.6, 0.9, -1.5, 0.8]])


def layer(exercise, X, W, b):
    """Y = σ(X Wᵀ + b), written here with the given sigmoid: the map the checks differentiate."""
    return exercise.sigmoid(X @ W.T + b)


@pytest.mark.part("forward")
def test_forward_of_one_sample(exercise, tol):
    """Does x = (1, 2) through W = [[1, −1], [0.5, 0], [0, 0]], b = (0, 1, 0) give Z = (−1, 1.5, 0) and Y = σ(Z)?"""
    Y, cache = exercise.dense_forward(np.array([[1.0, 2.0]]), np.array([[1.0, -1.0], [0.5, 0.0], [0.0, 0.0]]),
                                      np.array([0.0, 1.0, 0.0]))
    Z = np.array([[-1.0, 1.5, 0.0]])
    check_close(cache[2], Z, rtol=tol.reference, name="Z = X Wᵀ + b (the last entry of the cache)")
    check_close(Y, 1.0 / (1.0 + np.exp(-Z)), rtol=tol.reference, name="Y = σ(Z)")


@pytest.mark.part("forward")
def test_forward_returns_y_and_the_cache_x_w_z(exercise, tol):
    """On a batch of 3 samples, is Y of shape (3, 4) and the cache exactly (X, W, Z)?"""
    Y, cache = exercise.dense_forward(X, W, B)
    assert len(cache) == 3, f"the cache should be the tuple (X, W, Z), found {len(cache)} entries"
    Z = X @ W.T + B
    check_close(Y, exercise.sigmoid(Z), rtol=tol.reference, name="Y")
    for name, got, expected in zip(("X", "W", "Z"), cache, (X, W, Z)):
        check_close(got, expected, rtol=tol.reference, name=f"the cache's {name}")


@pytest.mark.part("backward")
def test_backward_where_z_is_zero(exercise, tol):
    """Where Z = 0 (σ' = 1/4), are dX = ¼ d_out W, dW = ¼ d_outᵀ X and db = ¼ Σ_n d_out[n]?"""
    dX, dW, db = exercise.dense_backward(D_OUT, (X, W, np.zeros((3, 4))))
    check_close(dX, D_OUT @ W / 4, rtol=tol.reference, name="dX, shape (N, D_in)")
    check_close(dW, D_OUT.T @ X / 4, rtol=tol.reference, name="dW, shape (D_out, D_in)")
    check_close(db, D_OUT.sum(axis=0) / 4, rtol=tol.reference, name="db, shape (D_out,)")


@pytest.mark.part("backward")
def test_backward_agrees_with_finite_differences(exercise, tol):
    """Are dX, dW, db the gradients of L = Σ d_out ⊙ σ(X Wᵀ + b), by central differences?"""
    dX, dW, db = exercise.dense_backward(D_OUT, (X, W, X @ W.T + B))
    check_vjp(lambda X_: layer(exercise, X_, W, B), X, D_OUT, dX, rtol=tol.oracle, name="dX")
    check_vjp(lambda W_: layer(exercise, X, W_, B), W, D_OUT, dW, rtol=tol.oracle, name="dW")
    check_vjp(lambda b_: layer(exercise, X, W, b_), B, D_OUT, db, rtol=tol.oracle, name="db")


@pytest.mark.part("backward")
def test_backward_sums_over_the_batch(exercise, tol):
    """Do two copies of the first sample give twice its dW and db (a sum over the batch, not a mean)?"""
    one, two = X[:1], np.repeat(X[:1], 2, axis=0)
    _, dW_1, db_1 = exercise.dense_backward(D_OUT[:1], (one, W, one @ W.T + B))
    _, dW_2, db_2 = exercise.dense_backward(np.repeat(D_OUT[:1], 2, axis=0), (two, W, two @ W.T + B))
    check_close(dW_2, 2 * dW_1, rtol=tol.reference, name="dW for two copies of a sample")
    check_close(db_2, 2 * db_1, rtol=tol.reference, name="db for two copies of a sample")


@pytest.mark.part("jacobian")
def test_jacobian_where_z_is_zero(exercise, tol):
    """At x = 0 with b = 0, is the Jacobian W / 4, of shape (D_out, D_in) = (4, 2)?"""
    check_close(exercise.layer_jacobian(np.zeros(2), W, np.zeros(4)), W / 4, rtol=tol.reference,
                name="layer_jacobian(0, W, 0)")


@pytest.mark.part("jacobian")
def test_jacobian_agrees_with_finite_differences(exercise, tol):
    """Does the Jacobian at the first sample agree with central differences of x ↦ σ(W x + b)?"""
    check_jacobian(lambda x: layer(exercise, x, W, B), X[0], exercise.layer_jacobian(X[0], W, B),
                   rtol=tol.oracle, name="layer_jacobian(x, W, b)")


@pytest.mark.part("vjp")
def test_vjp_of_a_matrix_is_j_transpose_v(exercise, tol):
    """For J = [[1, 2, 3], [4, 5, 6]] and v = (1, −1), is vjp_from_jacobian(J, v) = Jᵀ v = (−3, −3, −3)?"""
    got = exercise.vjp_from_jacobian(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), np.array([1.0, -1.0]))
    check_close(got, np.array([-3.0, -3.0, -3.0]), rtol=tol.reference, name="vjp_from_jacobian(J, v)")


@pytest.mark.part("vjp")
def test_vjp_of_the_batch_jacobian_is_dx(exercise, tol):
    """With J = ∂Y/∂X of shape (N, D_out, N, D_in) and v = d_out, is the VJP the dX of backprop, shape (N, D_in)?"""
    J = numerical_jacobian(lambda X_: layer(exercise, X_, W, B), X)
    got = exercise.vjp_from_jacobian(J, D_OUT)
    check_vjp(lambda X_: layer(exercise, X_, W, B), X, D_OUT, got, rtol=tol.oracle, name="vjp_from_jacobian(∂Y/∂X, d_out)")
