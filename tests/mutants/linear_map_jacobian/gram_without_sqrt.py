"""The Gram determinant det(AᵀA), the squared volume, returned without its square root.
Breaks: volume
"""


def volume_scale(A):
    A = np.asarray(A, dtype=float)
    return np.linalg.det(np.swapaxes(A, -1, -2) @ A)
