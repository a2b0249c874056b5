"""L is recorded before each step only: values lacks L at the last point (n_steps values).
Breaks: rosenbrock
"""


def descent_run(value, grad, x0, step, n_steps):
    x = np.array(x0, dtype=float)
    trajectory, values = [x], []
    for _ in range(n_steps):
        values.append(value(x))
        x = x - step * grad(x)
        trajectory.append(x)
    return np.array(trajectory), np.array(values)
