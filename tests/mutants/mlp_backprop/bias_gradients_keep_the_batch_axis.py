"""The bias gradients are not summed over the batch: shapes (N, H) and (N, C).
Breaks: backward, training
"""


def mlp_backward(d_logits, cache, params):
    X, Z1, A1 = cache
    dZ1 = (d_logits @ params["W2"]) * (1.0 - A1**2)
    return {"W1": dZ1.T @ X, "b1": dZ1, "W2": d_logits.T @ A1, "b2": d_logits}
