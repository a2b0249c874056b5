"""Catalogued mistakes in mlp_backprop, each with the note a teaching assistant would write."""

import numpy as np

from jackit.grading import misconception

NAMES = ("W1", "b1", "W2", "b2")


def _one_hot(labels, n_classes):
    return np.eye(n_classes)[labels]


def _naive_probabilities(logits):
    with np.errstate(over="ignore", invalid="ignore"):  # what the mistake computes: inf / inf = nan
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)


def _stable_probabilities(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _chain(d_logits, X, A1, W2, hidden_derivative):
    """The gradients of mlp_backward with a (possibly wrong) tanh' in place of 1 − A1²."""
    dZ1 = (d_logits @ W2) * hidden_derivative
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": d_logits.T @ A1, "b2": d_logits.sum(axis=0)}


# --------------------------------------------------------------------------------------------
# softmax_cross_entropy


@misconception("softmax_cross_entropy", "exp overflows for logits above ~709 (and 0 / 0 appears when a whole row is "
                                        "very negative): subtract each row's maximum before exponentiating, "
                                        "softmax(z) = softmax(z − max z).")
def softmax_without_max_shift(reference, logits, labels):
    P = _naive_probabilities(logits)
    n = logits.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        loss = -np.mean(np.log(P[np.arange(n), labels]))
    return float(loss), (P - _one_hot(labels, logits.shape[1])) / n


@misconception("softmax_cross_entropy", "Your loss is infinite where the true class's probability rounds to 0 "
                                        "(a logit ~745 below the row's maximum): compute log P directly, "
                                        "log P = (z − max z) − log Σ exp(z − max z), instead of the log of P.")
def log_of_underflowed_probability(reference, logits, labels):
    P = _stable_probabilities(logits)
    n = logits.shape[0]
    with np.errstate(divide="ignore"):
        loss = -np.mean(np.log(P[np.arange(n), labels]))
    return float(loss), (P - _one_hot(labels, logits.shape[1])) / n


@misconception("softmax_cross_entropy", "Adding a small ε before the log (or clipping P) caps −log P near −log ε: "
                                        "the loss is wrong wherever the true class is unlikely. Compute log P "
                                        "exactly, log P = (z − max z) − log Σ exp(z − max z).")
def probability_clipped_before_log(reference, logits, labels):
    P = _stable_probabilities(logits)
    n = logits.shape[0]
    loss = -np.mean(np.log(P[np.arange(n), labels] + 1e-12))
    return float(loss), (P - _one_hot(labels, logits.shape[1])) / n


@misconception("softmax_cross_entropy", "Your d_logits is N times too large: the loss is a mean over the batch, so "
                                        "its gradient is (P − Y) / N.")
def logits_gradient_not_averaged(reference, logits, labels):
    loss, d_logits = reference.softmax_cross_entropy(logits, labels)
    return loss, d_logits * logits.shape[0]


@misconception("softmax_cross_entropy", "Your loss is N times too large: it is the mean of −log P[n, y_n] over the "
                                        "batch, not the sum.")
def loss_summed_over_the_batch(reference, logits, labels):
    loss, d_logits = reference.softmax_cross_entropy(logits, labels)
    return loss * logits.shape[0], d_logits


@misconception("softmax_cross_entropy", "The labels are missing from d_logits: ∂L/∂Z = (P − Y) / N, where Y is 1 at "
                                        "each sample's true class (subtract 1 there).")
def gradient_forgets_the_labels(reference, logits, labels):
    loss, _ = reference.softmax_cross_entropy(logits, labels)
    return loss, _stable_probabilities(logits) / logits.shape[0]


@misconception("softmax_cross_entropy", "d_logits has the wrong sign: the loss falls when the true class's logit "
                                        "rises, so ∂L/∂Z = (P − Y) / N, not (Y − P) / N.")
def logits_gradient_sign_flipped(reference, logits, labels):
    loss, d_logits = reference.softmax_cross_entropy(logits, labels)
    return loss, -d_logits


# --------------------------------------------------------------------------------------------
# mlp_forward


@misconception("mlp_forward", "The hidden layer is tanh, not the logistic sigmoid: A1 = tanh(Z1).")
def hidden_sigmoid_instead_of_tanh(reference, X, params):
    Z1 = X @ params["W1"].T + params["b1"]
    A1 = 1.0 / (1.0 + np.exp(-Z1))
    return A1 @ params["W2"].T + params["b2"], (X, Z1, A1)


@misconception("mlp_forward", "The hidden bias is missing: Z1 = X W1ᵀ + b1, with b1 added to every row.")
def forward_drops_hidden_bias(reference, X, params):
    return reference.mlp_forward(X, {**params, "b1": np.zeros_like(params["b1"])})


@misconception("mlp_forward", "The logits are the output layer's linear values, A1 W2ᵀ + b2, with no activation: "
                                "the softmax inside the loss turns them into probabilities.")
def output_layer_squashed_by_tanh(reference, X, params):
    logits, cache = reference.mlp_forward(X, params)
    return np.tanh(logits), cache


@misconception("mlp_forward", "The cache is (X, Z1, A1), in this order: the pre-activations Z1 before the "
                                "activations A1 = tanh(Z1).")
def cache_order_swapped(reference, X, params):
    logits, (X_, Z1, A1) = reference.mlp_forward(X, params)
    return logits, (X_, A1, Z1)


@misconception("mlp_forward", "Samples are rows: with X of shape (N, D) and W1 of shape (H, D), Z1 = X W1ᵀ + b1. "
                                "X W1 uses W1 the wrong way round.")
def forward_uses_w1_not_its_transpose(reference, X, params):
    return reference.mlp_forward(X, {**params, "W1": params["W1"].T})


# --------------------------------------------------------------------------------------------
# mlp_backward


@misconception("mlp_backward", "tanh'(Z1) = 1 − tanh²(Z1) = 1 − A1², computed from the activations A1; "
                               "1 − Z1² applies the formula to the pre-activations.")
def tanh_derivative_from_preactivation(reference, d_logits, cache, params):
    X, Z1, A1 = cache
    return _chain(d_logits, X, A1, params["W2"], 1.0 - Z1**2)


@misconception("mlp_backward", "A1(1 − A1) is the sigmoid's derivative; the hidden layer is tanh, whose derivative "
                               "is 1 − A1².")
def sigmoid_derivative_for_tanh(reference, d_logits, cache, params):
    X, Z1, A1 = cache
    return _chain(d_logits, X, A1, params["W2"], A1 * (1.0 - A1))


@misconception("mlp_backward", "The hidden layer's derivative is missing: dZ1 = (d_logits W2) ⊙ (1 − A1²), then "
                               "dW1 and db1 from dZ1.")
def hidden_derivative_dropped(reference, d_logits, cache, params):
    X, Z1, A1 = cache
    return _chain(d_logits, X, A1, params["W2"], 1.0)


@misconception("mlp_backward", "Your bias gradients are 1/N of the right ones: a bias is added to every sample, so "
                               "its gradient is the sum over the batch, not the mean.")
def bias_gradients_averaged(reference, d_logits, cache, params):
    grads = reference.mlp_backward(d_logits, cache, params)
    n = d_logits.shape[0]
    return {**grads, "b1": grads["b1"] / n, "b2": grads["b2"] / n}


@misconception("mlp_backward", "db1 and db2 must have the shapes of b1 and b2: sum over the batch axis (axis 0).")
def bias_gradients_keep_the_batch_axis(reference, d_logits, cache, params):
    X, Z1, A1 = cache
    grads = reference.mlp_backward(d_logits, cache, params)
    return {**grads, "b1": (d_logits @ params["W2"]) * (1.0 - A1**2), "b2": np.array(d_logits, dtype=float)}


@misconception("mlp_backward", "Your gradients are N times too small: the 1/N of the mean loss is already inside "
                               "d_logits; the layers' gradients are plain sums over the batch.")
def gradients_divided_by_the_batch_size_again(reference, d_logits, cache, params):
    grads = reference.mlp_backward(d_logits, cache, params)
    return {name: value / d_logits.shape[0] for name, value in grads.items()}


@misconception("mlp_backward", "dW1 must have the shape of W1, (H, D): dW1 = dZ1ᵀ X, not Xᵀ dZ1.")
def dw1_transposed(reference, d_logits, cache, params):
    grads = reference.mlp_backward(d_logits, cache, params)
    return {**grads, "W1": grads["W1"].T}


@misconception("mlp_backward", "The gradient reaches A1 through W2 as d_logits W2 (shapes (N, C) by (C, H)); "
                               "d_logits W2ᵀ uses W2 the wrong way round.")
def hidden_gradient_uses_w2_transpose(reference, d_logits, cache, params):
    X, Z1, A1 = cache
    grads = reference.mlp_backward(d_logits, cache, params)
    dZ1 = (d_logits @ params["W2"].T) * (1.0 - A1**2)
    return {**grads, "W1": dZ1.T @ X, "b1": dZ1.sum(axis=0)}


# --------------------------------------------------------------------------------------------
# loss_and_grads


@misconception("loss_and_grads", "Your gradients are N times too large: the loss is a mean, so ∂L/∂logits = "
                                 "(P − Y) / N before the backward pass.")
def grads_of_the_summed_loss(reference, X, labels, params):
    loss, grads = reference.loss_and_grads(X, labels, params)
    return loss, {name: value * X.shape[0] for name, value in grads.items()}


# --------------------------------------------------------------------------------------------
# train


@misconception("train", "Your steps go uphill: gradient descent moves against the gradient, θ ← θ − η ∂L/∂θ.")
def ascends_the_gradient(reference, X, labels, params, step, n_steps):
    return reference.train(X, labels, params, -step, n_steps)


@misconception("train", "The loss of the final parameters is missing: losses has n_steps + 1 entries, L(θ_0) before "
                        "the first step through L(θ_n) after the last.")
def losses_missing_the_end(reference, X, labels, params, step, n_steps):
    final, losses = reference.train(X, labels, params, step, n_steps)
    return final, losses[:-1]


@misconception("train", "The initial loss is missing: losses[0] is L(θ_0), before any step, and losses has "
                        "n_steps + 1 entries.")
def losses_missing_the_start(reference, X, labels, params, step, n_steps):
    final, losses = reference.train(X, labels, params, step, n_steps)
    return final, losses[1:]


@misconception("train", "Your run takes one step too few: n_steps steps, with the loss recorded before each step "
                        "and once more at the end.")
def one_step_too_few(reference, X, labels, params, step, n_steps):
    return reference.train(X, labels, params, step, max(n_steps - 1, 0))
