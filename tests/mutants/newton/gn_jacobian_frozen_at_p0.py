"""Gauss–Newton that computes the Jacobian once, at p0, and never re-linearises.
Breaks: gauss_newton
"""


def gauss_newton(residuals, jacobian, p0, n_steps):
    p = np.array(p0, dtype=float)
    J = jacobian(p)
    trajectory = [p]
    for _ in range(n_steps):
        p = p + gauss_newton_step(residuals(p), J)
        trajectory.append(p)
    return np.array(trajectory)
