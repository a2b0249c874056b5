"""The 2 × 2 determinant taken as a d + b c.
Breaks: determinant
"""


def polar_area_element(r, theta):
    r, theta = np.asarray(r, dtype=float), np.asarray(theta, dtype=float)
    a, b, c, d = np.cos(theta), -r * np.sin(theta), np.sin(theta), r * np.cos(theta)
    return a * d + b * c
