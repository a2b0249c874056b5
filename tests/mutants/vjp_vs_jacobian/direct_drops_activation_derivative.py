"""dX = d_out W: the upstream gradient skips tanh' on its way to X.
Breaks: direct
"""


def vjp_direct(X, W, b, d_out):
    return d_out @ W
