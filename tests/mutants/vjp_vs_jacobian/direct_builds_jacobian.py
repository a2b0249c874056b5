"""The "direct" VJP goes through the explicit Jacobian anyway: right values, N² memory.
Breaks: direct
"""


def vjp_direct(X, W, b, d_out):
    return vjp_through_jacobian(explicit_jacobian(X, W, b), d_out)
