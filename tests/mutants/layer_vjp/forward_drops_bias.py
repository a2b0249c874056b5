"""The forward pass forgets the bias: Z = X Wᵀ.
Breaks: forward
"""


def dense_forward(X, W, b):
    Z = X @ W.T
    return sigmoid(Z), (X, W, Z)
