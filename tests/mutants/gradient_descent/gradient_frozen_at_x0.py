"""The gradient is evaluated once, at x0, and reused for every step.
Breaks: descent, rosenbrock
"""


def gradient_descent(grad, x0, step, n_steps):
    x = np.array(x0, dtype=float)
    g = grad(x)
    trajectory = [x]
    for _ in range(n_steps):
        x = x - step * g
        trajectory.append(x)
    return np.stack(trajectory)
