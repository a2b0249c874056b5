"""The cache holds (X, A1, Z1) instead of (X, Z1, A1).
Breaks: forward, training
"""


def mlp_forward(X, params):
    Z1 = X @ params["W1"].T + params["b1"]
    A1 = np.tanh(Z1)
    return A1 @ params["W2"].T + params["b2"], (X, A1, Z1)
