"""The loss is recorded after each step only: the initial loss L(θ_0) is missing.
Breaks: training
"""


def train(X, labels, params, step, n_steps):
    params = {name: np.array(value, dtype=float) for name, value in params.items()}
    losses = []
    for _ in range(n_steps):
        _, grads = loss_and_grads(X, labels, params)
        params = {name: params[name] - step * grads[name] for name in params}
        losses.append(loss_and_grads(X, labels, params)[0])
    return params, np.array(losses)
