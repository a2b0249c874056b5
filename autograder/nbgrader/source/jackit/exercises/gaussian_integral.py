"""The Gaussian integral by a change of variables: dx dy = |det J| du dv.

The integral I = ∫ e^(−x²) dx over the real line has no elementary antiderivative, but its square
is an integral over the plane, and in polar coordinates x = r cos θ, y = r sin θ it is easy:

    I² = ∬ e^(−(x² + y²)) dx dy = ∫₀^{2π} ∫₀^∞ e^(−r²) r dr dθ = 2π · ½ = π,    I = √π.

The factor r is |det J| of the polar map: a small cell dr × dθ is mapped to a cell of area r dr dθ.
Forget it and the same sums give 2π · ∫₀^∞ e^(−r²) dr = 2π · √π/2 = π^(3/2), a different number.

The general rule, for a map g from a rectangle D of the (u, v) plane onto a region g(D) of the
(x, y) plane, one to one, with Jacobian J_g:

    ∬_{g(D)} f(x, y) dx dy = ∬_D f(g(u, v)) |det J_g(u, v)| du dv.

The absolute value matters: a map that reverses orientation (a mirror image) has det J < 0, but
areas, and integrals of positive functions, stay positive.

Integrals here are computed with the midpoint rule, which is deterministic: on [a, b] with n cells
of width h = (b − a)/n, ∫ φ ≈ Σᵢ h φ(a + (i + ½) h), and on a rectangle the product of two such
rules. Its error shrinks like h²; the same grid always gives the same number, to the last digits.
Points of the plane are arrays of shape S + (2,), coordinates last. Floats are float64. The maps and
integrands your functions receive are plain callables (in the grader, callbacks of the trusted
catalogue jackit.problems.coordinate_maps): call them on a whole grid of points at once.
"""

import numpy as np


def midpoint_rule(a, b, n):
    """The nodes and weights of the midpoint rule with n cells on [a, b].

    Cut [a, b] into n cells of width h = (b − a)/n; node i is the centre of cell i and its weight
    is the cell's width, so that ∫_a^b φ(t) dt ≈ Σᵢ weights[i] φ(nodes[i]).

    Args:
        a, b: floats, a < b.
        n: int ≥ 1, the number of cells.

    Returns:
        (nodes, weights): two float64 arrays of shape (n,): nodes[i] = a + (i + ½) h, in increasing
        order, and weights[i] = h.

    Example:
        >>> nodes, weights = midpoint_rule(0.0, 1.0, 4)
        >>> nodes
        array([0.125, 0.375, 0.625, 0.875])
        >>> weights
        array([0.25, 0.25, 0.25, 0.25])
    """
    # TODO: cells of width h = (b − a)/n, one node at the centre of each, weight h
    raise NotImplementedError("TODO(gaussian_integral)")


def midpoint_grid(domain, n):
    """The product midpoint rule on the rectangle [u0, u1] × [v0, v1]: a grid of n_u × n_v cells.

    Take the midpoint rule with n_u cells on [u0, u1] (nodes uᵢ, weights αᵢ) and with n_v cells on
    [v0, v1] (nodes vⱼ, weights βⱼ). The grid's point (i, j) is (uᵢ, vⱼ), the centre of a cell of
    area αᵢ βⱼ, and ∬ φ(u, v) du dv ≈ Σᵢⱼ weights[i, j] φ(points[i, j]).

    Args:
        domain: ((u0, u1), (v0, v1)), a pair of pairs of floats: the ranges of u and v.
        n: (n_u, n_v), a pair of ints ≥ 1: the number of cells along u and along v.

    Returns:
        (points, weights): points a float64 array of shape (n_u, n_v, 2), points[i, j] = (uᵢ, vⱼ)
        (u varies along the first axis, v along the second); weights a float64 array of shape
        (n_u, n_v), weights[i, j] = αᵢ βⱼ.

    Example:
        Two cells along u on [0, 2] (nodes 0.5, 1.5) and three along v on [0, 1] (nodes 1/6, 1/2, 5/6):
        >>> points, weights = midpoint_grid(((0.0, 2.0), (0.0, 1.0)), (2, 3))
        >>> points.shape, weights.shape
        ((2, 3, 2), (2, 3))
        >>> points[1, 2]    # (u₁, v₂)
        array([1.5       , 0.83333333])
        >>> float(weights[1, 2])    # a cell of 1 × 1/3
        0.3333333333333333
    """
    # TODO: one midpoint rule per axis; pair every u node with every v node (u along axis 0)
    raise NotImplementedError("TODO(gaussian_integral)")


def gaussian_squared_polar(radius, n_r, n_theta):
    """I² as a double integral in polar coordinates: ∬_{x² + y² ≤ R²} e^(−(x² + y²)) dx dy.

    In polar coordinates the disc of radius R is the rectangle 0 ≤ r ≤ R, 0 ≤ θ ≤ 2π, and
    dx dy = |det J| dr dθ = r dr dθ, so

        I(R)² = ∫₀^{2π} ∫₀^R e^(−r²) r dr dθ = π (1 − e^(−R²))  →  π as R → ∞.

    Compute it with the product midpoint rule of midpoint_grid: n_r cells along r on [0, R] and
    n_theta cells along θ on [0, 2π] (a whole turn). With R = 6, e^(−R²) ≈ 2·10⁻¹⁶: the disc holds
    the whole integral, and only the quadrature error (relative ≈ h²/12, h = R/n_r) remains.

    Args:
        radius: float R > 0.
        n_r, n_theta: ints ≥ 1, the numbers of cells along r and along θ.

    Returns:
        float, the midpoint-rule value of the double integral.

    Example:
        >>> round(gaussian_squared_polar(6.0, 200, 8), 6)    # π = 3.141593
        3.141828
        >>> round(gaussian_squared_polar(1.0, 200, 8), 6)    # π (1 − e^(−1)) = 1.985865
        1.985874
    """
    # TODO: a midpoint grid on [0, R] × [0, 2π]; sum the polar integrand (area element included) × weights
    raise NotImplementedError("TODO(gaussian_integral)")


def gaussian_integral(radius, n_r, n_theta):
    """The Gaussian integral I = ∫ e^(−x²) dx ≈ √π, from the polar double integral.

    The polar trick computes I², the integral over the plane: I is its square root.

    Args:
        radius, n_r, n_theta: as in gaussian_squared_polar.

    Returns:
        float, √(gaussian_squared_polar(radius, n_r, n_theta)).

    Example:
        >>> round(gaussian_integral(6.0, 200, 8), 6)    # √π = 1.772454
        1.77252
    """
    # TODO: the square root of gaussian_squared_polar(radius, n_r, n_theta)
    raise NotImplementedError("TODO(gaussian_integral)")


def integrate_by_substitution(f, g, jac_det, domain, n):
    """∬_{g(D)} f(x) dx by the change of variables x = g(u): ∬_D f(g(u)) |det J_g(u)| du.

    D is the rectangle `domain` of the (u, v) plane and g maps it one to one onto the region
    g(D) of the (x, y) plane. Pull the integrand back to D (evaluate f at the mapped points g(u)),
    multiply by the area element |det J_g(u)| (jac_det gives the SIGNED determinant: it is negative
    where g reverses orientation), and sum with the weights of midpoint_grid(domain, n).

    Args:
        f: callable, points x of shape S + (2,) ↦ f(x), shape S: the integrand on the (x, y) plane.
        g: callable, points u of shape S + (2,) ↦ g(u), shape S + (2,): the map.
        jac_det: callable, points u of shape S + (2,) ↦ det J_g(u), shape S (may be negative).
        domain: ((u0, u1), (v0, v1)), the rectangle D, as in midpoint_grid.
        n: (n_u, n_v), the numbers of cells along u and along v, as in midpoint_grid.

    Returns:
        float, Σᵢⱼ weights[i, j] · f(g(points[i, j])) · |det J_g(points[i, j])|.

    Example:
        The ellipse x = 2 r cos θ, y = 3 r sin θ (det J = 6 r), r ≤ 1, has area π · 2 · 3 = 6π:
        >>> ellipse = lambda u: np.stack([2 * u[..., 0] * np.cos(u[..., 1]),
        ...                               3 * u[..., 0] * np.sin(u[..., 1])], axis=-1)
        >>> one = lambda x: np.ones(x.shape[:-1])
        >>> integrate_by_substitution(one, ellipse, lambda u: 6 * u[..., 0], ((0, 1), (0, 2 * np.pi)), (10, 12))
        18.84955592153876
        >>> 6 * np.pi    # the midpoint rule is exact here: the pulled-back integrand 6 r is linear
        18.84955592153876
    """
    # TODO: grid on D; sum f(g(points)) · |jac_det(points)| · weights
    raise NotImplementedError("TODO(gaussian_integral)")


def jac_det_by_differences(g, points, h):
    """det J_g at every point, from central differences of the map g with step h.

    Column k of J_g(u) is the derivative of g along the k-th coordinate of u, approximated by

        J[..., :, k] ≈ (g(u + h e_k) − g(u − h e_k)) / (2h),    e_0 = (1, 0), e_1 = (0, 1),

    and det J = J₀₀ J₁₁ − J₀₁ J₁₀ (signed: negative where g reverses orientation). This is the
    area element of a map given only as a function, with an error of order h².

    Args:
        g: callable, points u of shape S + (2,) ↦ g(u), shape S + (2,).
        points: float64 array of shape S + (2,), the points u.
        h: float > 0, the step.

    Returns:
        float64 array of shape S: the determinant at every point.

    Example:
        For the shear (u, v) ↦ (u + 3v, −2v), J = [[1, 3], [0, −2]] everywhere and det J = −2:
        >>> shear = lambda u: np.stack([u[..., 0] + 3 * u[..., 1], -2 * u[..., 1]], axis=-1)
        >>> jac_det_by_differences(shear, np.array([[0.0, 1.0], [2.0, -1.0]]), 1e-3).round(10)
        array([-2., -2.])
    """
    # TODO: column k = (g(u + h e_k) − g(u − h e_k)) / (2h); then a d − b c
    raise NotImplementedError("TODO(gaussian_integral)")
