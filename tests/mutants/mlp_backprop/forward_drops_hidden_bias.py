"""The hidden layer forgets its bias: Z1 = X W1ᵀ.
Breaks: forward, training
"""


def mlp_forward(X, params):
    Z1 = X @ params["W1"].T
    A1 = np.tanh(Z1)
    return A1 @ params["W2"].T + params["b2"], (X, Z1, A1)
