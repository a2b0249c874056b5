"""The trajectory leaves out x0: n_steps rows instead of n_steps + 1.
Breaks: newton_method
"""


def newton_method(grad, hess, x0, n_steps):
    x = np.array(x0, dtype=float)
    trajectory = []
    for _ in range(n_steps):
        x = x + newton_step(grad(x), hess(x))
        trajectory.append(x)
    return np.array(trajectory)
