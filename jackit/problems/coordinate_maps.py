"""Changes of variables in the plane: coordinate maps with their Jacobians, and integrands.

A coordinate map g takes points u = (u, v) of a rectangle to points x = (x, y) of the plane. Every
method is batched: points have shape S + (2,), the coordinates last.

    value(u)     g(u),                                   shape S + (2,)
    jacobian(u)  J(u)[..., i, j] = ∂x_i/∂u_j,            shape S + (2, 2): rows (x, y), columns (u, v)
    det(u)       det J(u), SIGNED,                        shape S

The determinant is negative where the map reverses orientation (a mirror image); the area of the
image of a small cell du dv is |det J| du dv. An integrand f takes points x of shape S + (2,) and
returns f(x), shape S; `total()` is its integral over the whole plane, where it is finite.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jackit.problems import Problem, as_float_array, register


def _matrices(a, b, c, d):
    """Stack four arrays of shape S into matrices [[a, b], [c, d]] of shape S + (2, 2)."""
    return np.stack([np.stack([a, b], axis=-1), np.stack([c, d], axis=-1)], axis=-2)


# --------------------------------------------------------------------------------------------
# Maps (u, v) ↦ (x, y)


@register
@dataclass(frozen=True, eq=False)
class PolarMap(Problem):
    """Polar coordinates (r, θ) ↦ (r cos θ, r sin θ); det J = r."""

    def value(self, u):
        u = as_float_array(u)
        r, theta = u[..., 0], u[..., 1]
        return np.stack([r * np.cos(theta), r * np.sin(theta)], axis=-1)

    def jacobian(self, u):
        u = as_float_array(u)
        r, theta = u[..., 0], u[..., 1]
        c, s = np.cos(theta), np.sin(theta)
        return _matrices(c, -r * s, s, r * c)

    def det(self, u):
        return np.array(as_float_array(u)[..., 0], dtype=np.float64)


@register
@dataclass(frozen=True, eq=False)
class EllipticMap(Problem):
    """Elliptic coordinates (r, θ) ↦ (a r cos θ, b r sin θ); det J = a b r.

    r ≤ 1 fills the ellipse x²/a² + y²/b² ≤ 1, of area π |a b|. With a b < 0 the map is a mirror
    image of one with a b > 0 and its determinant is negative.
    """

    a: float
    b: float

    def value(self, u):
        u = as_float_array(u)
        r, theta = u[..., 0], u[..., 1]
        return np.stack([self.a * r * np.cos(theta), self.b * r * np.sin(theta)], axis=-1)

    def jacobian(self, u):
        u = as_float_array(u)
        r, theta = u[..., 0], u[..., 1]
        c, s = np.cos(theta), np.sin(theta)
        return _matrices(self.a * c, -self.a * r * s, self.b * s, self.b * r * c)

    def det(self, u):
        return self.a * self.b * as_float_array(u)[..., 0]


@register
@dataclass(frozen=True, eq=False)
class ShearMap(Problem):
    """A shear followed by a stretch of y: (u, v) ↦ (u + s v, k v); J = [[1, s], [0, k]], det J = k.

    k < 0 flips the plane upside down: the determinant is negative, the areas are |k| times those of
    the (u, v) cells. The image of a rectangle is a parallelogram.
    """

    s: float
    k: float

    def value(self, u):
        u = as_float_array(u)
        return np.stack([u[..., 0] + self.s * u[..., 1], self.k * u[..., 1]], axis=-1)

    def jacobian(self, u):
        shape = as_float_array(u).shape[:-1]
        one = np.ones(shape)
        return _matrices(one, self.s * one, 0.0 * one, self.k * one)

    def det(self, u):
        return np.full(as_float_array(u).shape[:-1], float(self.k))


@register
@dataclass(frozen=True, eq=False)
class ParabolicMap(Problem):
    """Parabolic coordinates (u, v) ↦ ((u² − v²)/2, u v); J = [[u, −v], [v, u]], det J = u² + v².

    Curved in both coordinates: one-sided differences of it are off by O(h), central ones are exact
    (up to rounding), as for every quadratic map.
    """

    def value(self, u):
        u = as_float_array(u)
        p, q = u[..., 0], u[..., 1]
        return np.stack([(p * p - q * q) / 2, p * q], axis=-1)

    def jacobian(self, u):
        u = as_float_array(u)
        p, q = u[..., 0], u[..., 1]
        return _matrices(p, -q, q, p)

    def det(self, u):
        u = as_float_array(u)
        return u[..., 0] ** 2 + u[..., 1] ** 2


# --------------------------------------------------------------------------------------------
# Integrands f(x, y)


@register
@dataclass(frozen=True, eq=False)
class GaussianIntegrand(Problem):
    """f(x) = exp(−(x − c)ᵀ A (x − c)), A symmetric positive definite; ∬ f = π / √det A over the plane."""

    A: np.ndarray
    """(2, 2), symmetric positive definite."""
    c: np.ndarray
    """(2,), the centre."""

    def value(self, x):
        d = as_float_array(x) - self.c
        return np.exp(-np.einsum("...i,ij,...j->...", d, self.A, d))

    def total(self):
        return float(np.pi / np.sqrt(np.linalg.det(self.A)))


@register
@dataclass(frozen=True, eq=False)
class AffineIntegrand(Problem):
    """f(x) = p · x + q: p = 0, q = 1 integrates to the area of the region.

    Over any region D, ∬_D f = area(D) · f(centroid of D): the midpoint rule on a grid whose
    pulled-back integrand is bilinear in (u, v) is exact for it.
    """

    p: np.ndarray
    """(2,)."""
    q: float

    def value(self, x):
        return as_float_array(x) @ np.asarray(self.p, dtype=np.float64) + self.q
