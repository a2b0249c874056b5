"""The rate is np.linalg.norm(I − ηA), the Frobenius norm, instead of the spectral norm.
Breaks: stability
"""


def contraction_factor(A, step):
    return np.linalg.norm(np.eye(A.shape[0]) - step * A)
