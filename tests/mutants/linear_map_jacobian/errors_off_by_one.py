"""The Taylor test halves the step before its first error: steps t/2, t/4, … instead of t, t/2, ….
Breaks: quadratic
"""


def linearization_errors(f, jac, x0, d, t, steps):
    f0, slope = f(x0), jac(x0) @ d
    errors = []
    for k in range(1, steps + 1):
        t_k = t / 2**k
        errors.append(np.linalg.norm(f(x0 + t_k * d) - f0 - t_k * slope))
    return np.array(errors)
