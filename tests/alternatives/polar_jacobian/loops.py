"""Point by point with Python loops, and np.linalg.det for every determinant."""


def polar_jacobian(r, theta):
    r, theta = np.asarray(r, dtype=float), np.asarray(theta, dtype=float)
    J = np.zeros(r.shape + (2, 2))
    for index in np.ndindex(r.shape):
        c, s = np.cos(theta[index]), np.sin(theta[index])
        J[index] = [[c, -r[index] * s], [s, r[index] * c]]
    return J


def polar_area_element(r, theta):
    return np.linalg.det(polar_jacobian(r, theta))


def spherical_volume_element(r, phi, theta):
    r, phi, theta = (np.asarray(a, dtype=float) for a in (r, phi, theta))
    det = np.zeros(r.shape)
    for index in np.ndindex(r.shape):
        det[index] = np.linalg.det(spherical_jacobian(r[index], phi[index], theta[index]))
    return det
