"""The step is taken before the stopping test, so one step too many is taken (and x0 is never returned).
Breaks: stopping
"""


def descend_until(grad, x0, step, tol, max_steps):
    x = np.array(x0, dtype=float)
    for k in range(max_steps):
        g = grad(x)
        x = x - step * g
        if np.linalg.norm(g) < tol:
            return x, k + 1
    return x, max_steps
