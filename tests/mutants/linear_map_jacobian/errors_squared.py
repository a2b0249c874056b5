"""The Taylor test returns squared norms of the remainders.
Breaks: quadratic
"""


def linearization_errors(f, jac, x0, d, t, steps):
    f0, slope = f(x0), jac(x0) @ d
    t_k = t / 2.0 ** np.arange(steps)
    return np.array([np.sum((f(x0 + s * d) - f0 - s * slope) ** 2) for s in t_k])
