"""x += d updates one array in place, so every stored row is the same array: the last point.
Breaks: newton_method
"""


def newton_method(grad, hess, x0, n_steps):
    x = np.array(x0, dtype=float)
    trajectory = [x]
    for _ in range(n_steps):
        x += newton_step(grad(x), hess(x))
        trajectory.append(x)
    return np.array(trajectory)
