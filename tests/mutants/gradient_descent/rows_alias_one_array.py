"""The update is in place (x -= η g) and the same array is appended at every step: every row is the last point.
Breaks: descent, rosenbrock
"""


def gradient_descent(grad, x0, step, n_steps):
    x = np.array(x0, dtype=float)
    trajectory = [x]
    for _ in range(n_steps):
        x -= step * grad(x)
        trajectory.append(x)
    return np.array(trajectory)
