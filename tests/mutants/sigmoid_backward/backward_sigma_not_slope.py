"""Multiplies the upstream gradient by σ(z) instead of by the derivative σ(z)(1 − σ(z)).
Breaks: backward, large_batch
"""


def sigmoid_backward(z, d_out):
    return d_out * sigmoid(z)
