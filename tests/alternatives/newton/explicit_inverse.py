"""Explicit inverses (np.linalg.inv for H, np.linalg.pinv for J): slower and less accurate, yet correct here."""


def newton_step(grad_x, hess_x):
    return -np.linalg.inv(hess_x) @ grad_x


def gauss_newton_step(residuals_p, jacobian_p):
    return -np.linalg.pinv(jacobian_p) @ residuals_p  # J⁺ = (JᵀJ)⁻¹Jᵀ for a full-column-rank J


def gauss_newton(residuals, jacobian, p0, n_steps):
    trajectory = [np.array(p0, dtype=float)]
    while len(trajectory) <= n_steps:
        p = trajectory[-1]
        trajectory.append(p + gauss_newton_step(residuals(p), jacobian(p)))
    return np.array(trajectory)
