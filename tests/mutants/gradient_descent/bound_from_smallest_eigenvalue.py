"""eigvalsh sorts in ascending order: [0] is λ_min, so the bound is 2/λ_min.
Breaks: stability
"""


def max_stable_step(A):
    return 2.0 / np.linalg.eigvalsh(A)[0]
