"""A gradient step on ½‖r‖², d = −Jᵀr, instead of solving with JᵀJ.
Breaks: gauss_newton_step, gauss_newton
"""


def gauss_newton_step(residuals_p, jacobian_p):
    J, r = np.asarray(jacobian_p, dtype=float), np.asarray(residuals_p, dtype=float)
    return -J.T @ r
