"""The spherical volume element taken as r², forgetting sin φ.
Breaks: spherical
"""


def spherical_volume_element(r, phi, theta):
    return np.asarray(r, dtype=float) ** 2
