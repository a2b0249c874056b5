"""The sigmoid's derivative A1(1 − A1) is used for the tanh layer.
Breaks: backward, training
"""


def mlp_backward(d_logits, cache, params):
    X, Z1, A1 = cache
    dZ1 = (d_logits @ params["W2"]) * A1 * (1.0 - A1)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": d_logits.T @ A1, "b2": d_logits.sum(axis=0)}
