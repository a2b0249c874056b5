"""k counts the points visited (x0 included), one more than the steps taken.
Breaks: stopping
"""


def descend_until(grad, x0, step, tol, max_steps):
    points = [np.array(x0, dtype=float)]
    while True:
        g = grad(points[-1])
        if np.linalg.norm(g) < tol or len(points) == max_steps + 1:
            return points[-1], len(points)
        points.append(points[-1] - step * g)
