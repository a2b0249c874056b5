"""Iterates written as x0 minus η times the running sum of the gradients, np.linalg.eigvals (general
eigenvalues, real parts), and the rate from the two extreme eigenvalues only."""


def gradient_descent(grad, x0, step, n_steps):
    x0 = np.array(x0, dtype=float)
    total = np.zeros_like(x0)
    points = [x0]
    for _ in range(n_steps):
        total = total + grad(points[-1])  # x_k = x0 − η (g_0 + … + g_{k−1})
        points.append(x0 - step * total)
    return np.vstack(points)


def descend_until(grad, x0, step, tol, max_steps):
    trajectory = [np.array(x0, dtype=float)]
    while True:
        g = grad(trajectory[-1])
        if np.sqrt(np.sum(g * g)) < tol or len(trajectory) - 1 == max_steps:
            return trajectory[-1], len(trajectory) - 1
        trajectory.append(trajectory[-1] - step * g)


def max_stable_step(A):
    return 2.0 / max(np.linalg.eigvals(A).real)


def contraction_factor(A, step):
    eigenvalues = np.linalg.eigvalsh(A)
    return max(abs(1 - step * eigenvalues[0]), abs(1 - step * eigenvalues[-1]))


def descent_run(value, grad, x0, step, n_steps):
    trajectory = gradient_descent(grad, x0, step, n_steps)
    return trajectory, np.fromiter((value(row) for row in trajectory), dtype=float, count=len(trajectory))
