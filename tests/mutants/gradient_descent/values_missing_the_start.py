"""L is recorded after each step only: values lacks L(x0) (n_steps values).
Breaks: rosenbrock
"""


def descent_run(value, grad, x0, step, n_steps):
    x = np.array(x0, dtype=float)
    trajectory, values = [x], []
    for _ in range(n_steps):
        x = x - step * grad(x)
        trajectory.append(x)
        values.append(value(x))
    return np.array(trajectory), np.array(values)
