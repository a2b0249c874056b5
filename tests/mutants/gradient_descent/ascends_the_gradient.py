"""The step goes uphill: x ← x + η∇L(x).
Breaks: descent, rosenbrock
"""


def gradient_descent(grad, x0, step, n_steps):
    x = np.array(x0, dtype=float)
    trajectory = [x]
    for _ in range(n_steps):
        x = x + step * grad(x)
        trajectory.append(x)
    return np.stack(trajectory)
