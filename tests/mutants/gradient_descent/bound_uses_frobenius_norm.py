"""L taken as np.linalg.norm(A), the Frobenius norm, instead of λ_max.
Breaks: stability
"""


def max_stable_step(A):
    return 2.0 / np.linalg.norm(A)
