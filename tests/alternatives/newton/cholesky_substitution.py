"""Cholesky factorisation H = L Lᵀ and two triangular solves by substitution, written as loops."""


def _solve_spd(A, b):
    """Solve A x = b for a symmetric positive definite A: L y = b forwards, then Lᵀ x = y backwards."""
    L = np.linalg.cholesky(A)
    n = b.size
    y = np.zeros(n)
    for i in range(n):
        y[i] = (b[i] - L[i, :i] @ y[:i]) / L[i, i]
    x = np.zeros(n)
    for i in reversed(range(n)):
        x[i] = (y[i] - L[i + 1:, i] @ x[i + 1:]) / L[i, i]
    return x


def newton_step(grad_x, hess_x):
    return _solve_spd(np.asarray(hess_x, dtype=float), -np.asarray(grad_x, dtype=float))


def newton_method(grad, hess, x0, n_steps):
    trajectory = np.zeros((n_steps + 1, len(x0)))
    trajectory[0] = x0
    for k in range(n_steps):
        x = trajectory[k]
        trajectory[k + 1] = x + newton_step(grad(x), hess(x))
    return trajectory


def gauss_newton_step(residuals_p, jacobian_p):
    J, r = np.asarray(jacobian_p, dtype=float), np.asarray(residuals_p, dtype=float)
    return _solve_spd(J.T @ J, -(r @ J))


def gauss_newton(residuals, jacobian, p0, n_steps):
    trajectory = np.zeros((n_steps + 1, len(p0)))
    trajectory[0] = p0
    for k in range(n_steps):
        p = trajectory[k]
        trajectory[k + 1] = p + gauss_newton_step(residuals(p), jacobian(p))
    return trajectory
