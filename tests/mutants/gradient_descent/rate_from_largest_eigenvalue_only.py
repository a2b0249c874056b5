"""The rate looks only at the largest eigenvalue: |1 − ηλ_max|.
Breaks: stability
"""


def contraction_factor(A, step):
    L = np.linalg.eigvalsh(A)[-1]
    return abs(1 - step * L)
