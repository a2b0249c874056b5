"""Everything with Python loops over coordinates: the update entry by entry, the norm as a square root
of a sum of squares, and the eigenvalues from np.linalg.eigh."""

import math


def gradient_descent(grad, x0, step, n_steps):
    n = len(x0)
    rows = [[float(v) for v in x0]]
    for _ in range(n_steps):
        x = rows[-1]
        g = grad(np.array(x))
        rows.append([x[i] - step * g[i] for i in range(n)])
    return np.array(rows, dtype=np.float64)


def descend_until(grad, x0, step, tol, max_steps):
    x = [float(v) for v in x0]
    steps = 0
    while True:
        g = grad(np.array(x))
        if math.sqrt(sum(gi * gi for gi in g)) < tol or steps == max_steps:
            return np.array(x), steps
        x = [x[i] - step * g[i] for i in range(len(x))]
        steps += 1


def max_stable_step(A):
    eigenvalues, _ = np.linalg.eigh(A)
    return 2.0 / float(max(eigenvalues))


def contraction_factor(A, step):
    eigenvalues, _ = np.linalg.eigh(A)
    return max(abs(1.0 - step * float(lam)) for lam in eigenvalues)


def descent_run(value, grad, x0, step, n_steps):
    trajectory = gradient_descent(grad, x0, step, n_steps)
    values = np.zeros(n_steps + 1)
    for k in range(n_steps + 1):
        values[k] = value(trajectory[k])
    return trajectory, values
