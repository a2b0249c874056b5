"""The nodes from np.linspace(a, b, n): a and b themselves are nodes, (b − a)/(n − 1) apart.
Breaks: midpoint, polar, substitution
"""


def midpoint_rule(a, b, n):
    return np.linspace(a, b, n), np.full(n, (b - a) / n)
