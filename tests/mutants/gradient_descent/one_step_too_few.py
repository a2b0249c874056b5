"""Off by one in the loop: range(1, n_steps) takes n_steps − 1 steps.
Breaks: descent, rosenbrock
"""


def gradient_descent(grad, x0, step, n_steps):
    trajectory = [np.array(x0, dtype=float)]
    for _ in range(1, n_steps):
        trajectory.append(trajectory[-1] - step * grad(trajectory[-1]))
    return np.array(trajectory)
