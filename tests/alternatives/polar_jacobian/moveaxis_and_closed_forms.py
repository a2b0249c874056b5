"""np.array then np.moveaxis, closed-form determinants, a hand-differentiated sympy matrix."""


def polar_jacobian(r, theta):
    r, theta = np.asarray(r, dtype=float), np.asarray(theta, dtype=float)
    J = np.array([[np.cos(theta), -r * np.sin(theta)], [np.sin(theta), r * np.cos(theta)]])
    return np.moveaxis(J, (0, 1), (-2, -1))


def polar_area_element(r, theta):
    return np.asarray(r, dtype=float) * 1.0


def symbolic_polar_jacobian():
    r, theta = sp.symbols("r theta")
    x, y = r * sp.cos(theta), r * sp.sin(theta)
    J = sp.Matrix([[sp.diff(x, r), sp.diff(x, theta)], [sp.diff(y, r), sp.diff(y, theta)]])
    return J, sp.trigsimp(J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0])


def spherical_jacobian(r, phi, theta):
    r, phi, theta = (np.asarray(a, dtype=float) for a in (r, phi, theta))
    J = np.array([
        [np.sin(phi) * np.cos(theta), r * np.cos(phi) * np.cos(theta), -r * np.sin(phi) * np.sin(theta)],
        [np.sin(phi) * np.sin(theta), r * np.cos(phi) * np.sin(theta), r * np.sin(phi) * np.cos(theta)],
        [np.cos(phi) + 0 * r, -r * np.sin(phi), 0 * r * phi * theta],
    ])
    return np.moveaxis(J, (0, 1), (-2, -1))


def spherical_volume_element(r, phi, theta):
    return np.asarray(r, dtype=float) ** 2 * np.sin(np.asarray(phi, dtype=float))
