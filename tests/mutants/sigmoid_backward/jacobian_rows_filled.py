"""Forgets the identity matrix: broadcasting σ'(z_i) along row i fills the off-diagonal entries too.
Breaks: jacobian
"""


def sigmoid_jacobian(z):
    s = sigmoid(z)
    n = s.shape[-1]
    return (s * (1.0 - s))[..., :, None] * np.ones((n, n))
