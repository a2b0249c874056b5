"""θ integrated over [0, π] instead of a whole turn [0, 2π]: half the disc.
Breaks: polar
"""


def gaussian_squared_polar(radius, n_r, n_theta):
    points, weights = midpoint_grid(((0.0, radius), (0.0, np.pi)), (n_r, n_theta))
    r = points[..., 0]
    return float(np.sum(np.exp(-r**2) * r * weights))
