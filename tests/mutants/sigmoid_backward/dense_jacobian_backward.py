"""Builds the Jacobian of the whole flattened batch, (B·n) × (B·n), and multiplies: right values, absurd memory.
Breaks: large_batch
"""


def sigmoid_backward(z, d_out):
    s = sigmoid(z).ravel()
    J = np.diag(s * (1.0 - s))  # the whole batch's Jacobian
    return (np.ravel(d_out) @ J).reshape(np.shape(z))
