"""The stopping test compares the squared norm g·g with tol.
Breaks: stopping
"""


def descend_until(grad, x0, step, tol, max_steps):
    x = np.array(x0, dtype=float)
    for k in range(max_steps + 1):
        g = grad(x)
        if np.dot(g, g) < tol or k == max_steps:
            return x, k
        x = x - step * g
