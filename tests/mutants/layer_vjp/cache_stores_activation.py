"""The cache holds the outputs Y in place of the pre-activations Z.
Breaks: forward
"""


def dense_forward(X, W, b):
    Y = sigmoid(X @ W.T + b)
    return Y, (X, W, Y)
