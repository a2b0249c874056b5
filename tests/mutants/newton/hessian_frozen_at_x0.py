"""The Hessian evaluated once, at x0, and reused for every step (linear convergence).
Breaks: newton_method
"""


def newton_method(grad, hess, x0, n_steps):
    x = np.array(x0, dtype=float)
    H = hess(x)
    trajectory = [x]
    for _ in range(n_steps):
        x = x + newton_step(grad(x), H)
        trajectory.append(x)
    return np.array(trajectory)
