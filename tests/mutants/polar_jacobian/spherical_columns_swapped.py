"""Spherical columns in the order (r, θ, φ) instead of (r, φ, θ).
Breaks: spherical
"""


def spherical_jacobian(r, phi, theta):
    r, phi, theta = (np.asarray(a, dtype=float) for a in (r, phi, theta))
    sp_, cp, st, ct = np.sin(phi), np.cos(phi), np.sin(theta), np.cos(theta)
    row_x = np.stack([sp_ * ct, -r * sp_ * st, r * cp * ct], axis=-1)
    row_y = np.stack([sp_ * st, r * sp_ * ct, r * cp * st], axis=-1)
    row_z = np.stack([cp, np.zeros_like(r * phi), -r * sp_], axis=-1)
    return np.stack([row_x, row_y, row_z], axis=-2)
