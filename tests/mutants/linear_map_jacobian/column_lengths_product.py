"""The volume of the parallelepiped taken as the product of its edge lengths (true only for orthogonal columns).
Breaks: volume
"""


def volume_scale(A):
    A = np.asarray(A, dtype=float)
    return np.prod(np.sqrt(np.sum(A**2, axis=-2)), axis=-1)
