"""The linearization multiplies with the Jacobian on the wrong side, (x − x0) @ J(x0) = J(x0)ᵀ(x − x0).
Breaks: linearization
"""


def linearize(f, jac, x0, x):
    return f(x0) + (x - x0) @ jac(x0)
