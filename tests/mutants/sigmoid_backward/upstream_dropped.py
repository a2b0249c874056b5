"""Returns the local derivative σ'(z) and forgets to multiply it by the upstream gradient.
Breaks: backward, large_batch
"""


def sigmoid_backward(z, d_out):
    s = sigmoid(z)
    return s * (1.0 - s)
