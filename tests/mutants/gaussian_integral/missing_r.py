"""The polar area element forgotten: dx dy taken as dr dθ, which gives π^(3/2) instead of π.
Breaks: polar
"""


def gaussian_squared_polar(radius, n_r, n_theta):
    points, weights = midpoint_grid(((0.0, radius), (0.0, 2 * np.pi)), (n_r, n_theta))
    r = points[..., 0]
    return float(np.sum(np.exp(-r**2) * weights))
