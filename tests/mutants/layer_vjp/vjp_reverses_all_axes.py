"""J.T @ v: right for a matrix, but .T also reverses the input axes of a higher-order Jacobian.
Breaks: vjp
"""


def vjp_from_jacobian(J, v):
    return J.T @ v
