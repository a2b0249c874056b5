"""Element by element with Python loops; the Taylor test through linearize, halving t as it goes."""


def jacobian_from_columns(f, n):
    offset = f(np.zeros(n))
    J = np.zeros((len(offset), n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = 1.0
        column = f(e) - offset
        for i in range(len(offset)):
            J[i, j] = column[i]
    return J


def jacobian_from_rows(vjp, m):
    rows = []
    for i in range(m):
        v = np.zeros(m)
        v[i] = 1.0
        rows.append(list(vjp(v)))
    return np.array(rows, dtype=float)


def volume_scale(A):
    A = np.asarray(A, dtype=float)
    out = np.zeros(A.shape[:-2])
    for index in np.ndindex(A.shape[:-2]):
        out[index] = abs(np.linalg.det(A[index]))
    return out


def linearize(f, jac, x0, x):
    J, fx0 = jac(x0), f(x0)
    out = np.zeros(len(fx0))
    for i in range(len(fx0)):
        out[i] = fx0[i] + sum(J[i, j] * (x[j] - x0[j]) for j in range(len(x0)))
    return out


def linearization_errors(f, jac, x0, d, t, steps):
    errors = np.zeros(steps)
    for k in range(steps):
        x = x0 + t * d
        errors[k] = np.sqrt(np.sum((f(x) - linearize(f, jac, x0, x)) ** 2))
        t = t / 2
    return errors
