"""Every gradient is divided by N once more, although d_logits already holds the mean's 1/N.
Breaks: backward, training
"""


def mlp_backward(d_logits, cache, params):
    X, Z1, A1 = cache
    n = X.shape[0]
    dZ1 = (d_logits @ params["W2"]) * (1.0 - A1**2)
    return {"W1": dZ1.T @ X / n, "b1": dZ1.sum(axis=0) / n, "W2": d_logits.T @ A1 / n, "b2": d_logits.sum(axis=0) / n}
