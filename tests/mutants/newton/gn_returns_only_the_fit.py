"""Gauss–Newton that returns only the final parameters, shape (k,), not the trajectory.
Breaks: gauss_newton
"""


def gauss_newton(residuals, jacobian, p0, n_steps):
    p = np.array(p0, dtype=float)
    for _ in range(n_steps):
        p = p + gauss_newton_step(residuals(p), jacobian(p))
    return p
