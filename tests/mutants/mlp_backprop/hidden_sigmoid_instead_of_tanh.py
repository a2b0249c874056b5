"""The hidden layer uses the logistic sigmoid instead of tanh.
Breaks: forward, training
"""


def mlp_forward(X, params):
    Z1 = X @ params["W1"].T + params["b1"]
    A1 = 1.0 / (1.0 + np.exp(-Z1))
    return A1 @ params["W2"].T + params["b2"], (X, Z1, A1)
