"""Column-vector convention on a row batch: Z = W Xᵀ + b, one sample per column.
Breaks: forward
"""


def dense_forward(X, W, b):
    Z = W @ X.T + b[:, None]
    return sigmoid(Z), (X, W, Z)
