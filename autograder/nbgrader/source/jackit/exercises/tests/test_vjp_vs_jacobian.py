"""Self-checks for the exercise vjp_vs_jacobian. Run: pytest exercises/tests/test_vjp_vs_jacobian.py"""

import numpy as np
import pytest

from jackit.checks import check_close, check_jacobian, check_vjp
from jackit.oracles import numerical_jacobian

# A batch of N = 3 samples through a tanh layer with D_in = 2 inputs and D_out = 4 outputs.
X = np.array([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8]])
W = np.array([[0.4, -0.7], [1.1, 0.3], [-0.6, 0.9], [0.2, 0.5]])
B = np.array([0.1, -0.2, 0.3, 0.0])
D_OUT = np.array([[1.0, -0.5, 0.3, 2.0], [-1.2, 0.7, 0.4, -0.1], [0.6, 0.9, -1.5, 0.8]])


@pytest.mark.part("jacobian")
def test_jacobian_is_block_diagonal_at_zero(exercise, tol):
    """At X = 0, b = 0 (where tanh' = 1), is J of shape (3, 4, 3, 2) with W on the diagonal blocks, zeros elsewhere?"""
    got = exercise.explicit_jacobian(np.zeros((3, 2)), W, np.zeros(4))
    expected = np.zeros((3, 4, 3, 2))
    for n in range(3):
        expected[n, :, n, :] = W
    check_close(got, expected, rtol=tol.reference, name="explicit_jacobian(0, W, 0)")


@pytest.mark.part("jacobian")
def test_jacobian_agrees_with_finite_differences(exercise, tol):
    """Does J agree with central differences of X ↦ tanh(X Wᵀ + b), every (output, input) pair of the batch?"""
    check_jacobian(lambda X_: exercise.dense_tanh(X_, W, B), X, exercise.explicit_jacobian(X, W, B),
                   rtol=tol.oracle, name="explicit_jacobian(X, W, b)")


@pytest.mark.part("through_jacobian")
def test_vjp_of_a_single_block_is_j_transpose_v(exercise, tol):
    """With N = 1, J = [[1, 2, 3], [4, 5, 6]] as shape (1, 2, 1, 3) and d_out = (1, −1), is the VJP Jᵀ v = (−3, −3, −3)?"""
    J = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).reshape(1, 2, 1, 3)
    got = exercise.vjp_through_jacobian(J, np.array([[1.0, -1.0]]))
    check_close(got, np.array([[-3.0, -3.0, -3.0]]), rtol=tol.reference, name="vjp_through_jacobian(J, d_out)")


@pytest.mark.part("through_jacobian")
def test_vjp_through_the_layers_jacobian_is_the_gradient(exercise, tol):
    """With J = ∂Y/∂X of the layer (central differences), is the VJP the gradient of L = Σ d_out ⊙ Y, shape (3, 2)?"""
    J = numerical_jacobian(lambda X_: exercise.dense_tanh(X_, W, B), X)
    got = exercise.vjp_through_jacobian(J, D_OUT)
    check_vjp(lambda X_: exercise.dense_tanh(X_, W, B), X, D_OUT, got, rtol=tol.oracle,
              name="vjp_through_jacobian(∂Y/∂X, d_out)")


@pytest.mark.part("direct")
def test_direct_vjp_at_zero_is_d_out_times_w(exercise, tol):
    """At X = 0, b = 0 (where tanh' = 1), is the direct VJP d_out W, of shape (N, D_in) = (3, 2)?"""
    got = exercise.vjp_direct(np.zeros((3, 2)), W, np.zeros(4), D_OUT)
    check_close(got, D_OUT @ W, rtol=tol.reference, name="vjp_direct(0, W, 0, d_out)")


@pytest.mark.part("direct")
def test_direct_vjp_agrees_with_finite_differences(exercise, tol):
    """Is the direct VJP the gradient of L = Σ d_out ⊙ tanh(X Wᵀ + b), by central differences?"""
    check_vjp(lambda X_: exercise.dense_tanh(X_, W, B), X, D_OUT, exercise.vjp_direct(X, W, B, D_OUT),
              rtol=tol.oracle, name="vjp_direct(X, W, b, d_out)")


@pytest.mark.part("direct")
def test_direct_vjp_scales_to_a_batch_whose_jacobian_would_not_fit(exercise, tol):
    """On N = 20 000 samples, whose J would take 8·N²·D_out·D_in = 6.4 TB, does vjp_direct run, and agree on 3 samples?"""
    rng = np.random.default_rng(0)
    big_X, big_d_out = rng.standard_normal((20_000, 50)), rng.standard_normal((20_000, 40))
    big_W, big_b = rng.standard_normal((40, 50)) / np.sqrt(50), rng.standard_normal(40)
    try:
        got = exercise.vjp_direct(big_X, big_W, big_b, big_d_out)
    except MemoryError:
        pytest.fail("vjp_direct ran out of memory on N = 20 000 samples: it must not build the Jacobian "
                    "(nor call explicit_jacobian). Compute Δ = d_out ⊙ (1 − Y²), then Δ W.", pytrace=False)
    assert np.shape(got) == (20_000, 50), f"vjp_direct should return shape (20000, 50), found {np.shape(got)}"
    few = exercise.vjp_direct(big_X[:3], big_W, big_b, big_d_out[:3])
    check_vjp(lambda X_: exercise.dense_tanh(X_, big_W, big_b), big_X[:3], big_d_out[:3], few, rtol=tol.oracle,
              name="vjp_direct on the first 3 samples")
    check_close(got[:3], few, rtol=tol.reference, name="the first 3 rows of vjp_direct on N = 20 000 samples")


@pytest.mark.part("memory")
def test_memory_of_a_small_layer(exercise, tol):
    """For N = 3, D_in = 2, D_out = 5, is the bill 8·(15·6 + 6) bytes through J, 8·(15 + 6) directly, ratio 96/21?"""
    jacobian_bytes, direct_bytes, ratio = exercise.memory_ratio(3, 2, 5)
    check_close(jacobian_bytes, 8 * (15 * 6 + 6), rtol=0.0, name="jacobian_bytes for N = 3, D_in = 2, D_out = 5")
    check_close(direct_bytes, 8 * (15 + 6), rtol=0.0, name="direct_bytes for N = 3, D_in = 2, D_out = 5")
    check_close(ratio, 96 / 21, rtol=tol.reference, name="the ratio for N = 3, D_in = 2, D_out = 5")


@pytest.mark.part("memory")
def test_memory_ratio_grows_with_the_batch(exercise, tol):
    """With D_in = D_out = 1024, is the ratio about N·512 (131 072.5 at N = 256, ten times more at N = 2560)?"""
    _, _, ratio_256 = exercise.memory_ratio(256, 1024, 1024)
    _, _, ratio_2560 = exercise.memory_ratio(2560, 1024, 1024)
    check_close(ratio_256, 131_072.5, rtol=tol.reference, name="the ratio for N = 256, D_in = D_out = 1024")
    check_close(ratio_2560, 1_310_720.5, rtol=tol.reference, name="the ratio for N = 2560, D_in = D_out = 1024")
