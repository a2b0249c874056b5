"""The Taylor test forgets f(x0) in the remainder: ‖f(x0 + t d) − t J(x0) d‖ does not shrink.
Breaks: quadratic
"""


def linearization_errors(f, jac, x0, d, t, steps):
    slope = jac(x0) @ d
    errors = []
    for k in range(steps):
        t_k = t * 0.5**k
        errors.append(np.linalg.norm(f(x0 + t_k * d) - t_k * slope))
    return np.array(errors)
