"""The stability bound is taken as 1/λ_max instead of 2/λ_max.
Breaks: stability
"""


def max_stable_step(A):
    return 1.0 / np.max(np.linalg.eigvalsh(A))
