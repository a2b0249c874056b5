"""The rate is max(1 − ηλ) without the absolute value: overshoot beyond 2/λ_max is missed.
Breaks: stability
"""


def contraction_factor(A, step):
    return float(np.max(1 - step * np.linalg.eigvalsh(A)))
