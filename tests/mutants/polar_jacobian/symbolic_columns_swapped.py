"""Differentiated with respect to [theta, r]: columns swapped, determinant −r.
Breaks: symbolic
"""


def symbolic_polar_jacobian():
    r, theta = sp.symbols("r theta", positive=True)
    J = sp.Matrix([r * sp.cos(theta), r * sp.sin(theta)]).jacobian([theta, r])
    return J, sp.simplify(J.det())
