"""The volume scale taken as det A, negative for a mirroring map, instead of |det A|.
Breaks: volume
"""


def volume_scale(A):
    return np.linalg.det(A)
