"""The square root forgotten at the end: I² ≈ π returned as the Gaussian integral.
Breaks: polar
"""


def gaussian_integral(radius, n_r, n_theta):
    return gaussian_squared_polar(radius, n_r, n_theta)
