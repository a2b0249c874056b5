"""dW1 is computed as Xᵀ dZ1, the transpose of the gradient: shape (D, H) instead of (H, D).
Breaks: backward, training
"""


def mlp_backward(d_logits, cache, params):
    X, Z1, A1 = cache
    dZ1 = (d_logits @ params["W2"]) * (1.0 - A1**2)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": d_logits.T @ A1, "b2": d_logits.sum(axis=0)}
