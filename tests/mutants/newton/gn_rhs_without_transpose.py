"""The right-hand side written J r instead of Jᵀr (the transpose forgotten).
Breaks: gauss_newton_step, gauss_newton
"""


def gauss_newton_step(residuals_p, jacobian_p):
    J, r = np.asarray(jacobian_p, dtype=float), np.asarray(residuals_p, dtype=float)
    return np.linalg.solve(J.T @ J, -J @ r)
