"""Self-checks for gradient_stability. Run: pytest exercises/tests/test_gradient_stability.py"""

import numpy as np
import pytest

from jackit.checks import check_close, check_jacobian

W1 = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])  # 3 inputs → 2 units
W2 = np.array([[2.0, 1.0]])  # 2 → 1
LAYERS = [np.array([[0.6, -0.3, 0.2], [0.1, 0.5, -0.4], [-0.7, 0.2, 0.3], [0.4, 0.4, 0.1]]),  # 3 → 4
          np.array([[0.3, -0.5, 0.2, 0.6], [-0.2, 0.1, 0.7, -0.3]]),  # 4 → 2
          np.array([[0.8, -0.6], [0.5, 0.9], [-0.4, 0.3], [0.2, -0.7], [0.6, 0.1]])]  # 2 → 5
X = np.array([0.7, -1.1, 0.4])


@pytest.mark.part("jacobians")
def test_layer_jacobians_at_zero_are_the_weights(exercise, tol):
    """At x = 0 every slope tanh'(0) is 1: are the layer Jacobians W1 (2 × 3) and W2 (1 × 2)?"""
    got = exercise.layer_jacobians(np.zeros(3), [W1, W2])
    assert isinstance(got, (list, tuple)) and len(got) == 2, "layer_jacobians should return a list of 2 arrays"
    check_close(got[0], W1, rtol=tol.reference, name="J_1 at x = 0")
    check_close(got[1], W2, rtol=tol.reference, name="J_2 at x = 0")


@pytest.mark.part("jacobians")
def test_layer_jacobian_is_scaled_by_the_slope_at_z(exercise, tol):
    """For one layer W = [[2, 0, 0]] at x = (0.5, 0, 0), z = 1: is J = [[2 (1 − tanh²(1)), 0, 0]]?"""
    got = exercise.layer_jacobians(np.array([0.5, 0.0, 0.0]), [np.array([[2.0, 0.0, 0.0]])])
    assert isinstance(got, (list, tuple)) and len(got) == 1, "layer_jacobians should return a list of 1 array"
    expected = np.array([[2.0 * (1.0 - np.tanh(1.0) ** 2), 0.0, 0.0]])
    check_close(got[0], expected, rtol=tol.reference, name="J_1 for W = [[2, 0, 0]], x = (0.5, 0, 0)")


@pytest.mark.part("jacobians")
def test_end_to_end_at_zero_is_W2_W1(exercise, tol):
    """At x = 0, is the Jacobian of the network W2 W1 = [[2, 3, 3]] (the last layer on the left)?"""
    check_close(exercise.end_to_end_jacobian(np.zeros(3), [W1, W2]), np.array([[2.0, 3.0, 3.0]]),
                rtol=tol.reference, name="end_to_end_jacobian(0, [W1, W2])")


@pytest.mark.part("jacobians")
def test_end_to_end_agrees_with_finite_differences(exercise, tol):
    """For a 3 → 4 → 2 → 5 network, is end_to_end_jacobian (5 × 3) the Jacobian of x ↦ h_3, by central differences?"""
    got = exercise.end_to_end_jacobian(X, LAYERS)
    check_jacobian(lambda x: exercise.tanh_network(x, LAYERS), X, got, rtol=tol.oracle,
                   name="end_to_end_jacobian(x, weights) for widths 3 → 4 → 2 → 5")


@pytest.mark.part("power_iteration")
def test_power_iteration_on_a_diagonal_matrix(exercise, tol):
    """For J = diag(3, 1) and u0 = (1, 1), are the estimates √5, √(730/82) and then 3, after 0, 1 and 60 iterations?"""
    J = np.array([[3.0, 0.0], [0.0, 1.0]])
    u0 = np.array([1.0, 1.0])
    for n_iters, expected in [(0, np.sqrt(5.0)), (1, np.sqrt(730 / 82)), (60, 3.0)]:
        got = exercise.spectral_norm_power_iteration(lambda u: J @ u, lambda v: J.T @ v, u0, n_iters)
        check_close(got, expected, rtol=tol.reference, name=f"the estimate after {n_iters} iterations")


@pytest.mark.part("power_iteration")
def test_power_iteration_on_a_wide_matrix(exercise, tol):
    """For a 2 × 4 matrix seen only through u ↦ J u and v ↦ Jᵀ v, is the estimate np.linalg.norm(J, 2) after 40 iterations?

    Here σ₂/σ₁ ≈ 0.6, so after 40 iterations the estimate's relative error is below 0.6^160 ≈ 1e-35: only
    rounding remains."""
    J = np.array([[1.0, -2.0, 0.5, 1.0], [0.0, 1.0, 1.5, -1.0]])
    got = exercise.spectral_norm_power_iteration(lambda u: J @ u, lambda v: J.T @ v, np.array([1.0, 0.0, 0.0, 0.0]), 40)
    check_close(got, np.linalg.norm(J, 2), rtol=tol.reference, name="the estimate after 40 iterations")


@pytest.mark.part("initialisation")
def test_init_scales(exercise, tol):
    """Is Xavier √(2 / (fan_in + fan_out)) and Kaiming √(2 / fan_in), whatever fan_out is?"""
    check_close(exercise.init_scale(300, 100, "xavier"), np.sqrt(2 / 400), rtol=tol.reference,
                name='init_scale(300, 100, "xavier")')
    check_close(exercise.init_scale(100, 300, "xavier"), np.sqrt(2 / 400), rtol=tol.reference,
                name='init_scale(100, 300, "xavier")')
    check_close(exercise.init_scale(50, 10, "kaiming"), 0.2, rtol=tol.reference, name='init_scale(50, 10, "kaiming")')
    check_close(exercise.init_scale(50, 800, "kaiming"), 0.2, rtol=tol.reference, name='init_scale(50, 800, "kaiming")')


@pytest.mark.part("depth")
def test_norms_by_depth_are_norms_of_the_running_product(exercise, tol):
    """For a tanh network of depth 3, are the norms ‖J_1‖₂, ‖J_2 J_1‖₂, ‖J_3 J_2 J_1‖₂?"""
    width, depth, std, seed = 5, 3, 0.45, 7
    x, weights = exercise.random_network(width, depth, std, seed)
    h, P, expected = x, np.eye(width), []
    for W in weights:
        h = np.tanh(W @ h)
        P = np.diag(1.0 - h**2) @ W @ P
        expected.append(np.linalg.norm(P, 2))
    check_close(exercise.norms_by_depth(width, depth, std, seed, "tanh"), np.array(expected), rtol=tol.reference,
                name=f'norms_by_depth({width}, {depth}, {std}, {seed}, "tanh")')


@pytest.mark.part("depth")
def test_norms_vanish_or_explode_with_depth(exercise, tol):
    """In a linear network of width 40, do the norms fall below 1e-3 with std = 0.2/√40 and exceed 1e3 with 3/√40?"""
    small = exercise.norms_by_depth(40, 10, 0.2 / np.sqrt(40), 0, "linear")
    large = exercise.norms_by_depth(40, 10, 3.0 / np.sqrt(40), 0, "linear")
    assert isinstance(small, np.ndarray) and small.shape == (10,), "norms_by_depth should return an array of shape (depth,)"
    assert small[-1] < 1e-3, f"with std = 0.2/√width the norm after 10 layers should vanish, found {small[-1]:.3g}"
    assert large[-1] > 1e3, f"with std = 3/√width the norm after 10 layers should explode, found {large[-1]:.3g}"
    _, weights = exercise.random_network(40, 1, 3.0 / np.sqrt(40), 0)
    check_close(large[0], np.linalg.norm(weights[0], 2), rtol=tol.reference, name="the first norm, ‖W_1‖₂")


@pytest.mark.part("depth")
def test_relu_slopes_are_zero_or_one(exercise, tol):
    """For a ReLU network of depth 2, are the norms ‖D_1 W_1‖₂ and ‖D_2 W_2 D_1 W_1‖₂, with D_l = diag(z_l > 0)?"""
    width, depth, std, seed = 6, 2, 0.6, 6  # 3 of the 6 units are on in each layer
    x, (W_1, W_2) = exercise.random_network(width, depth, std, seed)
    z_1 = W_1 @ x
    z_2 = W_2 @ np.maximum(z_1, 0.0)
    P_1 = np.diag((z_1 > 0).astype(float)) @ W_1
    P_2 = np.diag((z_2 > 0).astype(float)) @ W_2 @ P_1
    check_close(exercise.norms_by_depth(width, depth, std, seed, "relu"),
                np.array([np.linalg.norm(P_1, 2), np.linalg.norm(P_2, 2)]), rtol=tol.reference,
                name=f'norms_by_depth({width}, {depth}, {std}, {seed}, "relu")')
