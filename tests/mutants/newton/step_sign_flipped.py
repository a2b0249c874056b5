"""The minus sign forgotten: d = H⁻¹g, which heads for a maximum.
Breaks: newton_step, newton_method
"""


def newton_step(grad_x, hess_x):
    return np.linalg.solve(np.asarray(hess_x, dtype=float), np.asarray(grad_x, dtype=float))
