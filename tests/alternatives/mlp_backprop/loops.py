"""Sample by sample with Python loops: each sample's chain rule written out, the batch sums accumulated."""

import math


def softmax_cross_entropy(logits, labels):
    n, c = logits.shape
    total = 0.0
    d_logits = np.zeros((n, c))
    for s in range(n):
        top = max(logits[s])
        exps = [math.exp(z - top) for z in logits[s]]
        log_total = math.log(sum(exps))
        total += -(logits[s, labels[s]] - top - log_total)  # −log P[s, y_s] = log Σ exp(z − top) − (z_y − top)
        for k in range(c):
            d_logits[s, k] = (exps[k] / sum(exps) - (1.0 if k == labels[s] else 0.0)) / n
    return total / n, d_logits


def mlp_forward(X, params):
    n = X.shape[0]
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Z1 = np.zeros((n, W1.shape[0]))
    A1 = np.zeros((n, W1.shape[0]))
    logits = np.zeros((n, W2.shape[0]))
    for s in range(n):
        Z1[s] = W1 @ X[s] + b1
        A1[s] = np.tanh(Z1[s])
        logits[s] = W2 @ A1[s] + b2
    return logits, (X, Z1, A1)


def mlp_backward(d_logits, cache, params):
    X, Z1, A1 = cache
    grads = {name: np.zeros_like(params[name], dtype=float) for name in ("W1", "b1", "W2", "b2")}
    for s in range(X.shape[0]):
        g = d_logits[s]
        grads["W2"] += np.outer(g, A1[s])
        grads["b2"] += g
        dz = (params["W2"].T @ g) * (1.0 - A1[s] ** 2)
        grads["W1"] += np.outer(dz, X[s])
        grads["b1"] += dz
    return grads


def loss_and_grads(X, labels, params):
    logits, cache = mlp_forward(X, params)
    loss, d_logits = softmax_cross_entropy(logits, labels)
    return loss, mlp_backward(d_logits, cache, params)


def train(X, labels, params, step, n_steps):
    current = {name: params[name].copy() for name in params}
    losses = np.zeros(n_steps + 1)
    for k in range(n_steps + 1):
        loss, grads = loss_and_grads(X, labels, current)
        losses[k] = loss
        if k < n_steps:
            for name in current:
                current[name] -= step * grads[name]  # in place, on our own copies
    return current, losses
