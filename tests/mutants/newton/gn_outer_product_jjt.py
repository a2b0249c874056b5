"""The approximate Hessian taken as J Jᵀ (m × m) instead of JᵀJ (k × k).
Breaks: gauss_newton_step, gauss_newton
"""


def gauss_newton_step(residuals_p, jacobian_p):
    J, r = np.asarray(jacobian_p, dtype=float), np.asarray(residuals_p, dtype=float)
    return np.linalg.solve(J @ J.T, -J.T @ r)
