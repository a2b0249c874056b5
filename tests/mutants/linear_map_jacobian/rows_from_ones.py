"""Reverse mode with an all-ones upstream gradient: every row is the sum of the rows of A.
Breaks: rows
"""


def jacobian_from_rows(vjp, m):
    row = vjp(np.ones(m))
    return np.stack([row] * m, axis=0)
