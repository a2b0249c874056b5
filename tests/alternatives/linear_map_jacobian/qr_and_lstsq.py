"""Volumes from a QR factorisation, the linear part from least squares on shifted points."""


def jacobian_from_columns(f, n):
    # Fit A and b to f at 0, e_1, …, e_n: an exact interpolation problem for an affine map.
    points = np.vstack([np.zeros(n), np.eye(n)])                 # (n + 1, n)
    values = np.array([f(p) for p in points])                    # (n + 1, m)
    design = np.hstack([points, np.ones((n + 1, 1))])            # [x, 1]
    coefficients = np.linalg.solve(design, values)               # (n + 1, m): rows Aᵀ, then bᵀ
    return coefficients[:n].T.copy()


def volume_scale(A):
    R = np.linalg.qr(np.asarray(A, dtype=float), mode="r")
    return np.abs(np.prod(np.diagonal(R, axis1=-2, axis2=-1), axis=-1))


def linearize(f, jac, x0, x):
    step = x - x0
    return f(x0) + (jac(x0) * step).sum(axis=1)
