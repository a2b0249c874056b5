"""A plain gradient step d = −g: the Hessian is never used.
Breaks: newton_step, newton_method
"""


def newton_step(grad_x, hess_x):
    return -np.asarray(grad_x, dtype=float)
