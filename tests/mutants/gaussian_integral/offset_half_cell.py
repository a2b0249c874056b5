"""The nodes taken at the left ends of the cells, a + i h, half a cell before the midpoints.
Breaks: midpoint, polar, substitution
"""


def midpoint_rule(a, b, n):
    h = (b - a) / n
    return a + np.arange(n) * h, np.full(n, h)
