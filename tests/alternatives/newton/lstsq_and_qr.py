"""Least squares instead of the normal equations: lstsq for H d = −g, a QR factorisation J = QR for J d ≈ −r."""


def newton_step(grad_x, hess_x):
    d, *_ = np.linalg.lstsq(hess_x, -grad_x, rcond=None)
    return d


def newton_method(grad, hess, x0, n_steps):
    x = x0.astype(float)
    trajectory = [x.copy()]
    for _ in range(n_steps):
        x += newton_step(grad(x), hess(x))
        trajectory.append(x.copy())
    return np.array(trajectory)


def gauss_newton_step(residuals_p, jacobian_p):
    Q, R = np.linalg.qr(jacobian_p)  # reduced QR: Q (m, k) orthonormal columns, R (k, k) upper triangular
    return np.linalg.solve(R, -(Q.T @ residuals_p))  # J d ≈ −r  ⇔  R d = −Qᵀr


def gauss_newton(residuals, jacobian, p0, n_steps):
    p = p0.astype(float)
    trajectory = [p.copy()]
    for _ in range(n_steps):
        p += gauss_newton_step(residuals(p), jacobian(p))
        trajectory.append(p.copy())
    return np.vstack(trajectory)
