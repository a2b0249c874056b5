"""tanh' is computed as 1 − Z1² from the pre-activations instead of 1 − A1².
Breaks: backward, training
"""


def mlp_backward(d_logits, cache, params):
    X, Z1, A1 = cache
    dZ1 = (d_logits @ params["W2"]) * (1.0 - Z1**2)
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": d_logits.T @ A1, "b2": d_logits.sum(axis=0)}
