"""The trajectory keeps only the points after each step, not x0: shape (n_steps, n).
Breaks: descent, rosenbrock
"""


def gradient_descent(grad, x0, step, n_steps):
    x = np.array(x0, dtype=float)
    trajectory = np.zeros((n_steps, len(x)))
    for k in range(n_steps):
        x = x - step * grad(x)
        trajectory[k] = x
    return trajectory
