"""Treats d_outᵀ J as a dot product over the outputs: every entry gets Σ_i d_out_i σ'(z_i).
Breaks: backward, large_batch
"""


def sigmoid_backward(z, d_out):
    s = sigmoid(z)
    total = np.sum(d_out * s * (1.0 - s), axis=-1, keepdims=True)
    return total * np.ones_like(s)
