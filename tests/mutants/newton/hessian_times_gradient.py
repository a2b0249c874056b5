"""The Newton step taken as −H g: the gradient multiplied by the Hessian instead of solving H d = −g.
Breaks: newton_step, newton_method
"""


def newton_step(grad_x, hess_x):
    return -np.asarray(hess_x, dtype=float) @ np.asarray(grad_x, dtype=float)
