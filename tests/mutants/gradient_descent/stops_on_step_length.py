"""The stopping test is on the length of the step, ‖x_{k+1} − x_k‖ < tol, not on ‖∇L(x_k)‖.
Breaks: stopping
"""


def descend_until(grad, x0, step, tol, max_steps):
    x = np.array(x0, dtype=float)
    k = 0
    while k < max_steps:
        x_new = x - step * grad(x)
        if np.linalg.norm(x_new - x) < tol:
            break
        x, k = x_new, k + 1
    return x, k
