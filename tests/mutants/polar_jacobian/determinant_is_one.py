"""The area element forgotten: dx dy taken as dr dθ.
Breaks: determinant
"""


def polar_area_element(r, theta):
    return np.ones_like(np.asarray(r, dtype=float))
