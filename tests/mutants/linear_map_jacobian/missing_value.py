"""The linearization without its constant term f(x0): only J(x0)(x − x0).
Breaks: linearization
"""


def linearize(f, jac, x0, x):
    return jac(x0) @ (x - x0)
