"""Uses the derivative of tanh, 1 − σ², instead of the sigmoid's σ(1 − σ).
Breaks: backward, large_batch
"""


def sigmoid_backward(z, d_out):
    s = sigmoid(z)
    return d_out * (1.0 - s**2)
