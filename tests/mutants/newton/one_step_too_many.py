"""Off by one: the loop runs n_steps + 1 times.
Breaks: newton_method
"""


def newton_method(grad, hess, x0, n_steps):
    x = np.array(x0, dtype=float)
    trajectory = [x]
    for _ in range(n_steps + 1):
        x = x + newton_step(grad(x), hess(x))
        trajectory.append(x)
    return np.array(trajectory)
