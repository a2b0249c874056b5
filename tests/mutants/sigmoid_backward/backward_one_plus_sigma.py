"""Sign slip in the derivative: σ(z)(1 + σ(z)) instead of σ(z)(1 − σ(z)).
Breaks: backward, large_batch
"""


def sigmoid_backward(z, d_out):
    s = sigmoid(z)
    return d_out * s * (1.0 + s)
