"""The symbolic Jacobian built with rows and columns swapped.
Breaks: symbolic
"""


def symbolic_polar_jacobian():
    r, theta = sp.symbols("r theta", positive=True)
    x, y = r * sp.cos(theta), r * sp.sin(theta)
    J = sp.Matrix([[sp.diff(x, r), sp.diff(y, r)], [sp.diff(x, theta), sp.diff(y, theta)]])
    return J, sp.simplify(J.det())
