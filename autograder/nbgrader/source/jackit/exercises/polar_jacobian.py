"""Exercise 1 — the Jacobian of polar coordinates.

Polar coordinates describe a point of the plane by its distance r from the origin and its angle
θ from the x axis:

    x = r cos θ,    y = r sin θ.

The Jacobian of the map (r, θ) ↦ (x, y) has one row per output and one column per input:

    J(r, θ) = [[∂x/∂r, ∂x/∂θ],      [[cos θ, −r sin θ],
               [∂y/∂r, ∂y/∂θ]]  =    [sin θ,  r cos θ]]

Its determinant, det J = r, is the area element: a small cell dr × dθ around (r, θ) is mapped to
a cell of area |det J| dr dθ = r dr dθ in the plane. That factor r is why dx dy = r dr dθ, and why
the Gaussian integral ∫ e^(−x²) dx = √π works out.

All functions are vectorised: r and θ are float64 arrays of the same shape S (S may be (), a
single point); results put the batch shape S first.
"""

import numpy as np
import sympy as sp


def polar_to_cartesian(r, theta):
    """The map itself (given): (x, y) = (r cos θ, r sin θ), shape S + (2,)."""
    r, theta = np.asarray(r, dtype=float), np.asarray(theta, dtype=float)
    return np.stack([r * np.cos(theta), r * np.sin(theta)], axis=-1)


def polar_jacobian(r, theta):
    """The Jacobian of (r, θ) ↦ (r cos θ, r sin θ) at every point of a batch.

    Args:
        r: float64 array of shape S, the radii.
        theta: float64 array of shape S, the angles in radians.

    Returns:
        float64 array of shape S + (2, 2), with J[..., i, j] = ∂(output i)/∂(input j):
        rows are the outputs (x, y), columns the inputs (r, θ).

    Example:
        >>> polar_jacobian(np.array([2.0]), np.array([0.0]))
        array([[[1., 0.],
                [0., 2.]]])

        At θ = 0 moving along r moves along x (column 0 is (1, 0)), and turning by dθ moves the
        point up by r dθ = 2 dθ (column 1 is (0, 2)).
    """
    # TODO: stack the four partial derivatives into shape S + (2, 2)
    raise NotImplementedError("TODO(polar_jacobian)")


def polar_area_element(r, theta):
    """The determinant of the polar Jacobian: the factor in dx dy = |det J| dr dθ.

    Args:
        r, theta: float64 arrays of shape S.

    Returns:
        float64 array of shape S: det J(r, θ) at every point (for 2 × 2 matrices,
        det [[a, b], [c, d]] = a d − b c).

    Example:
        >>> polar_area_element(np.array([0.5, 3.0]), np.array([1.0, -2.0]))
        array([0.5, 3. ])
    """
    # TODO: the determinant a d − b c of the Jacobian at every point
    raise NotImplementedError("TODO(polar_jacobian)")


def symbolic_polar_jacobian():
    """The same Jacobian, built symbolically with sympy, and its simplified determinant.

    Use the symbols `r, theta = sp.symbols("r theta", positive=True)` (the names matter: the
    grader compares your expressions with its own by symbol name).

    Returns:
        (J, det): J a 2 × 2 `sp.Matrix` in r and theta (rows are x, y; columns are r, θ),
        and det its determinant, simplified (`sp.simplify`).

    Example:
        >>> J, det = symbolic_polar_jacobian()
        >>> J[0, 1]
        -r*sin(theta)
        >>> det
        r

    `sp.Matrix([...]).jacobian([...])` builds a Jacobian from a column of expressions.
    """
    # TODO: build the map as a sympy Matrix and differentiate it
    raise NotImplementedError("TODO(polar_jacobian)")


def spherical_to_cartesian(r, phi, theta):
    """Spherical coordinates (given): φ is the angle from the +z axis, θ the angle around it.

    (x, y, z) = (r sin φ cos θ, r sin φ sin θ, r cos φ), shape S + (3,).
    """
    r, phi, theta = (np.asarray(a, dtype=float) for a in (r, phi, theta))
    return np.stack([r * np.sin(phi) * np.cos(theta), r * np.sin(phi) * np.sin(theta), r * np.cos(phi)], axis=-1)


def spherical_jacobian(r, phi, theta):
    """The Jacobian of (r, φ, θ) ↦ (r sin φ cos θ, r sin φ sin θ, r cos φ), batched.

    Args:
        r, phi, theta: float64 arrays of shape S (φ ∈ (0, π) from the +z axis, θ around it).

    Returns:
        float64 array of shape S + (3, 3): rows are (x, y, z), columns are (r, φ, θ), in that order.

    Example:
        At r = 2, φ = π/2, θ = 0 (the point (2, 0, 0)):
        >>> spherical_jacobian(np.array(2.0), np.array(np.pi / 2), np.array(0.0)).round(12)
        array([[ 1.,  0.,  0.],
               [ 0.,  0.,  2.],
               [ 0., -2.,  0.]])
    """
    # TODO: nine partial derivatives, rows (x, y, z), columns (r, φ, θ)
    raise NotImplementedError("TODO(polar_jacobian)")


def spherical_volume_element(r, phi, theta):
    """The determinant of the spherical Jacobian: dx dy dz = r² sin φ dr dφ dθ.

    Args:
        r, phi, theta: float64 arrays of shape S.

    Returns:
        float64 array of shape S: det J(r, φ, θ) at every point (positive for r > 0, 0 < φ < π).

    Example:
        >>> spherical_volume_element(np.array([2.0]), np.array([np.pi / 2]), np.array([0.3]))
        array([4.])
    """
    # TODO: the determinant of the 3 × 3 Jacobian at every point
    raise NotImplementedError("TODO(polar_jacobian)")
