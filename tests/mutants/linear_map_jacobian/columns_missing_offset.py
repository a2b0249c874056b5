"""Forward mode that forgets the offset: column j taken as f(e_j) = A e_j + b instead of f(e_j) − f(0).
Breaks: columns
"""


def jacobian_from_columns(f, n):
    return np.stack([f(e) for e in np.eye(n)], axis=1)
