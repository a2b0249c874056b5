"""A preallocated trajectory filled by index, a while loop for the stopping rule, and spectral norms
(np.linalg.norm(·, 2)) instead of eigenvalues for the stability bound and the rate."""


def gradient_descent(grad, x0, step, n_steps):
    x0 = np.asarray(x0, dtype=np.float64)
    trajectory = np.empty((n_steps + 1, x0.size))
    trajectory[0] = x0
    for k in range(n_steps):
        trajectory[k + 1] = trajectory[k] - step * grad(trajectory[k])
    return trajectory


def descend_until(grad, x0, step, tol, max_steps):
    x, k = np.asarray(x0, dtype=np.float64).copy(), 0
    g = grad(x)
    while np.linalg.norm(g) >= tol and k < max_steps:
        x = x - step * g
        k += 1
        g = grad(x)
    return x, k


def max_stable_step(A):
    return 2.0 / np.linalg.norm(A, 2)  # for a symmetric positive definite A, ‖A‖₂ = λ_max


def contraction_factor(A, step):
    return np.linalg.norm(np.eye(A.shape[0]) - step * A, 2)


def descent_run(value, grad, x0, step, n_steps):
    x = np.asarray(x0, dtype=np.float64)
    trajectory, values = [x], [value(x)]
    for _ in range(n_steps):
        x = x - step * grad(x)
        trajectory.append(x)
        values.append(value(x))
    return np.array(trajectory), np.array(values)
