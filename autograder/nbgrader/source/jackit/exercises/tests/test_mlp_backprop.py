"""Self-checks for exercise 7, mlp_backprop. Run: pytest exercises/tests/test_mlp_backprop.py"""

import numpy as np
import pytest

from jackit.checks import check_close, check_grad, check_vjp
from jackit.oracles import numerical_grad

# A batch of N = 3 samples with D = 2 inputs, through H = 4 hidden units to C = 3 classes.
X = np.array([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8]])
LABELS = np.array([2, 0, 1])
PARAMS = {
    "W1": np.array([[0.4, -0.7], [1.1, 0.3], [-0.6, 0.9], [0.2, 0.5]]),
    "b1": np.array([0.1, -0.2, 0.3, 0.0]),
    "W2": np.array([[0.5, -0.3, 0.8, 0.1], [-0.4, 0.6, 0.2, -0.9], [0.7, 0.1, -0.5, 0.3]]),
    "b2": np.array([0.05, -0.1, 0.2]),
}
D_LOGITS = np.array([[1.0, -0.5, 0.3], [-1.2, 0.7, 0.4], [0.6, 0.9, -1.5]])
LOGITS = np.array([[2.0, -1.0, 0.5], [0.3, 0.3, -2.0], [-0.7, 1.2, 0.1]])


def logits_of(X, params):
    """The network's logits, written out here: the map the finite-difference checks differentiate."""
    return np.tanh(X @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"]


def with_param(name, value):
    """PARAMS with one parameter replaced."""
    return {**PARAMS, name: value}


def fresh_params():
    """A copy of PARAMS for train, so that the other checks keep the original values."""
    return {name: value.copy() for name, value in PARAMS.items()}


def mean_cross_entropy(logits, labels):
    """The loss, written out here (fine for these small logits)."""
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return -np.mean(np.log(p[np.arange(len(labels)), labels]))


@pytest.mark.part("loss")
def test_loss_of_equal_logits_is_log_c(exercise, tol):
    """With every logit 0, is the loss log 3 and ∂L/∂logits = (1/3 − Y) / N, for C = 3 and N = 2?"""
    loss, d_logits = exercise.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 2]))
    check_close(loss, np.log(3.0), rtol=tol.reference, name="the loss of zero logits")
    expected = (np.full((2, 3), 1 / 3) - np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])) / 2
    check_close(d_logits, expected, rtol=tol.reference, name="d_logits of zero logits")


@pytest.mark.part("loss")
def test_loss_gradient_agrees_with_finite_differences(exercise, tol):
    """Are the loss and its gradient right on small logits, by the formula and by central differences?"""
    loss, d_logits = exercise.softmax_cross_entropy(LOGITS, LABELS)
    check_close(loss, mean_cross_entropy(LOGITS, LABELS), rtol=tol.reference, name="the loss")
    check_grad(lambda z: mean_cross_entropy(z, LABELS), LOGITS, d_logits, rtol=tol.oracle, name="d_logits")


@pytest.mark.part("loss")
def test_loss_is_finite_for_huge_logits(exercise, tol):
    """For logits of size 1000, where exp overflows, are the loss (here 500) and its gradient exact?"""
    logits = np.array([[1000.0, 0.0], [-1000.0, -1000.0]])
    loss, d_logits = exercise.softmax_cross_entropy(logits, np.array([1, 0]))
    # Sample 0: P ≈ (1, e^−1000), −log P[0, 1] = 1000. Sample 1: P = (½, ½), −log ½ = log 2.
    check_close(loss, (1000.0 + np.log(2.0)) / 2, rtol=tol.reference, name="the loss of logits ±1000")
    check_close(d_logits, np.array([[0.5, -0.5], [-0.25, 0.25]]), rtol=tol.reference, name="d_logits of logits ±1000")


@pytest.mark.part("forward")
def test_forward_returns_the_logits_and_the_cache(exercise, tol):
    """Are the logits A1 W2ᵀ + b2 of shape (3, 3), and the cache exactly (X, Z1, A1)?"""
    logits, cache = exercise.mlp_forward(X, PARAMS)
    Z1 = X @ PARAMS["W1"].T + PARAMS["b1"]
    check_close(logits, logits_of(X, PARAMS), rtol=tol.reference, name="the logits")
    assert len(cache) == 3, f"the cache should be the tuple (X, Z1, A1), found {len(cache)} entries"
    for name, got, expected in zip(("X", "Z1", "A1"), cache, (X, Z1, np.tanh(Z1))):
        check_close(got, expected, rtol=tol.reference, name=f"the cache's {name}")


@pytest.mark.part("backward")
def test_backward_agrees_with_finite_differences(exercise, tol):
    """Are dW1, db1, dW2, db2 the gradients of L = Σ d_logits ⊙ logits, by central differences?"""
    Z1 = X @ PARAMS["W1"].T + PARAMS["b1"]
    grads = exercise.mlp_backward(D_LOGITS, (X, Z1, np.tanh(Z1)), PARAMS)
    assert sorted(grads) == sorted(PARAMS), f"the gradients should have the keys W1, b1, W2, b2, found {sorted(grads)}"
    for name in PARAMS:
        check_vjp(lambda value: logits_of(X, with_param(name, value)), PARAMS[name], D_LOGITS, grads[name],
                  rtol=tol.oracle, name=f"the gradient for {name}")


@pytest.mark.part("backward")
def test_backward_sums_over_the_batch(exercise, tol):
    """Do two copies of the first sample give twice its gradients (sums over the batch, not means)?"""
    one, two = X[:1], np.repeat(X[:1], 2, axis=0)
    cache_one = (one, one @ PARAMS["W1"].T + PARAMS["b1"], np.tanh(one @ PARAMS["W1"].T + PARAMS["b1"]))
    cache_two = (two, two @ PARAMS["W1"].T + PARAMS["b1"], np.tanh(two @ PARAMS["W1"].T + PARAMS["b1"]))
    grads_one = exercise.mlp_backward(D_LOGITS[:1], cache_one, PARAMS)
    grads_two = exercise.mlp_backward(np.repeat(D_LOGITS[:1], 2, axis=0), cache_two, PARAMS)
    for name in PARAMS:
        check_close(grads_two[name], 2 * grads_one[name], rtol=tol.reference,
                    name=f"the gradient for {name} with two copies of a sample")


@pytest.mark.part("training")
def test_loss_and_grads_agree_with_finite_differences(exercise, tol):
    """Is loss_and_grads the mean cross-entropy of the network, with the gradient of every parameter?"""
    loss, grads = exercise.loss_and_grads(X, LABELS, PARAMS)
    check_close(loss, mean_cross_entropy(logits_of(X, PARAMS), LABELS), rtol=tol.reference, name="the loss")
    for name in PARAMS:
        check_grad(lambda value: mean_cross_entropy(logits_of(X, with_param(name, value)), LABELS), PARAMS[name],
                   grads[name], rtol=tol.oracle, name=f"the gradient for {name}")


@pytest.mark.part("training")
def test_zero_and_one_training_steps(exercise, tol):
    """Do 0 steps give back the params with losses [L(θ0)], and 1 step θ0 − η ∇L(θ0) with [L(θ0), L(θ1)]?"""
    params, losses = exercise.train(X, LABELS, fresh_params(), 0.5, 0)
    initial = mean_cross_entropy(logits_of(X, PARAMS), LABELS)
    check_close(losses, np.array([initial]), rtol=tol.reference, name="the losses of 0 steps")
    for name in PARAMS:
        check_close(params[name], PARAMS[name], rtol=tol.reference, name=f"{name} after 0 steps")
    params, losses = exercise.train(X, LABELS, fresh_params(), 0.5, 1)
    stepped = {}
    for name in PARAMS:  # θ1 = θ0 − η ∇L(θ0), with the gradient by central differences
        gradient = numerical_grad(lambda value: mean_cross_entropy(logits_of(X, with_param(name, value)), LABELS),
                                  PARAMS[name])
        stepped[name] = PARAMS[name] - 0.5 * gradient
        check_close(params[name], stepped[name], rtol=tol.oracle, name=f"{name} after 1 step")
    check_close(losses, np.array([initial, mean_cross_entropy(logits_of(X, params), LABELS)]), rtol=tol.reference,
                name="the losses of 1 step")


@pytest.mark.part("training")
def test_training_learns_xor(exercise, tol):
    """On noisy XOR (48 points), do 300 steps with η = 1 take the loss from about 0.7 to below 0.1?"""
    data, labels = exercise.noisy_xor(48, 0.3, seed=0)
    _, losses = exercise.train(data, labels, exercise.init_params(2, 8, 2, seed=1), 1.0, 300)
    assert losses.shape == (301,), f"losses should have shape (301,) (the initial loss, then one per step), " \
                                   f"found {losses.shape}"
    assert losses[0] > 0.6, f"the initial loss should be about 0.7 (chance level log 2), found {losses[0]:.4f}"
    assert losses[-1] < 0.1, f"after 300 steps the loss should be below 0.1, found {losses[-1]:.4f}"
