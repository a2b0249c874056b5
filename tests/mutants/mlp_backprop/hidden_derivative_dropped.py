"""The hidden layer's derivative is forgotten: dZ1 = d_logits W2.
Breaks: backward, training
"""


def mlp_backward(d_logits, cache, params):
    X, Z1, A1 = cache
    dZ1 = d_logits @ params["W2"]
    return {"W1": dZ1.T @ X, "b1": dZ1.sum(axis=0), "W2": d_logits.T @ A1, "b2": d_logits.sum(axis=0)}
