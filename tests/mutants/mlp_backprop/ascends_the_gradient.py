"""The update adds the gradient: θ ← θ + η ∂L/∂θ, uphill.
Breaks: training
"""


def train(X, labels, params, step, n_steps):
    params = {name: np.array(value, dtype=float) for name, value in params.items()}
    losses = []
    for _ in range(n_steps):
        loss, grads = loss_and_grads(X, labels, params)
        losses.append(loss)
        params = {name: params[name] + step * grads[name] for name in params}
    losses.append(loss_and_grads(X, labels, params)[0])
    return params, np.array(losses)
