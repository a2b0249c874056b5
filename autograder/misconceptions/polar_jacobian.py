"""Catalogued mistakes in polar_jacobian, each with the note a teaching assistant would write."""

import numpy as np
import sympy as sp

from jackit.grading import misconception


@misconception("polar_jacobian", "Rows are outputs (x, y), columns are inputs (r, θ): your Jacobian is transposed.")
def transposed(reference, r, theta):
    return np.swapaxes(reference.polar_jacobian(r, theta), -1, -2)


@misconception("polar_jacobian", "The θ column is missing its factor r: ∂x/∂θ = −r sin θ and ∂y/∂θ = r cos θ "
                                 "(turning by dθ moves the point by r dθ).")
def missing_r(reference, r, theta):
    J = reference.polar_jacobian(r, theta).copy()
    J[..., :, 1] /= np.asarray(r, dtype=float)[..., None]
    return J


@misconception("polar_jacobian", "Sign error: the derivative of cos θ is −sin θ, so ∂x/∂θ = −r sin θ.")
def sign_error(reference, r, theta):
    J = reference.polar_jacobian(r, theta).copy()
    J[..., 0, 1] *= -1
    return J


@misconception("polar_jacobian", "The batch shape must come first: return shape S + (2, 2), not (2, 2) + S "
                                 "(np.stack(..., axis=-1) keeps S in front).")
def batch_last(reference, r, theta):
    return np.moveaxis(reference.polar_jacobian(r, theta), (-2, -1), (0, 1))


@misconception("polar_area_element", "The determinant of [[a, b], [c, d]] is a d − b c, not a d + b c.")
def determinant_plus(reference, r, theta):
    J = reference.polar_jacobian(r, theta)
    return J[..., 0, 0] * J[..., 1, 1] + J[..., 0, 1] * J[..., 1, 0]


@misconception("polar_area_element", "The area element is not 1: a cell dr × dθ at radius r has area r dr dθ "
                                     "(det J = r).")
def determinant_is_one(reference, r, theta):
    return np.ones_like(np.asarray(r, dtype=float))


@misconception("symbolic_polar_jacobian", "Rows are outputs (x, y), columns are inputs (r, θ): your symbolic "
                                          "Jacobian is transposed.")
def symbolic_transposed(reference):
    J, det = reference.symbolic_polar_jacobian()
    return J.T, det


@misconception("symbolic_polar_jacobian", "Differentiate with respect to [r, theta] in that order: with the "
                                          "columns swapped the determinant becomes −r.")
def symbolic_columns_swapped(reference):
    J, det = reference.symbolic_polar_jacobian()
    return J[:, ::-1], -det


@misconception("spherical_jacobian", "Columns are (r, φ, θ) in that order: with φ and θ swapped the determinant "
                                     "changes sign.")
def spherical_columns_swapped(reference, r, phi, theta):
    return reference.spherical_jacobian(r, phi, theta)[..., [0, 2, 1]]


@misconception("spherical_volume_element", "The volume element is r² sin φ: the sin φ factor shrinks the cells "
                                           "near the poles.")
def spherical_missing_sin(reference, r, phi, theta):
    return np.asarray(r, dtype=float) ** 2
