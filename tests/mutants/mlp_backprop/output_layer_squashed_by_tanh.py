"""tanh is applied to the output layer too: the logits are squashed into (−1, 1).
Breaks: forward, training
"""


def mlp_forward(X, params):
    Z1 = X @ params["W1"].T + params["b1"]
    A1 = np.tanh(Z1)
    return np.tanh(A1 @ params["W2"].T + params["b2"]), (X, Z1, A1)
