"""Uses the derivative of tanh, 1 − σ², on the diagonal instead of σ(1 − σ).
Breaks: jacobian
"""


def sigmoid_jacobian(z):
    s = sigmoid(z)
    return (1.0 - s**2)[..., :, None] * np.eye(s.shape[-1])
