"""Catalogued mistakes in linear_map_jacobian, each with the note a teaching assistant would write."""

import numpy as np

from jackit.grading import misconception


def _steps(t, steps):
    return t / 2.0 ** np.arange(steps)


# --------------------------------------------------------------------------------------------
# jacobian_from_columns


@misconception("jacobian_from_columns", "f(e_j) − f(0) is column j of the Jacobian (inputs index the columns), "
                                        "not row j: your matrix is transposed. Stack with axis=1.")
def columns_transposed(reference, f, n):
    return reference.jacobian_from_columns(f, n).T


@misconception("jacobian_from_columns", "The map is affine: f(e_j) = A e_j + b. Subtract f(0) = b to keep "
                                        "only the column A e_j.")
def columns_missing_offset(reference, f, n):
    return reference.jacobian_from_columns(f, n) + np.asarray(f(np.zeros(n)), dtype=float)[:, None]


@misconception("jacobian_from_columns", "Your matrix is exactly twice the Jacobian: f(e_j) − f(−e_j) = 2 A e_j. "
                                        "Divide by 2, or use f(e_j) − f(0).")
def columns_central_without_half(reference, f, n):
    return 2.0 * reference.jacobian_from_columns(f, n)


# --------------------------------------------------------------------------------------------
# jacobian_from_rows


@misconception("jacobian_from_rows", "vjp(e_i) = e_iᵀ A is row i of the Jacobian (outputs index the rows), not "
                                     "column i: your matrix is transposed. Stack with axis=0.")
def rows_transposed(reference, vjp, m):
    return reference.jacobian_from_rows(vjp, m).T


@misconception("jacobian_from_rows", "vjp(1, 1, …, 1) is the sum of all the rows of A, not one row: pull back "
                                     "one basis vector e_i per output to get row i.")
def rows_from_ones(reference, vjp, m):
    summed = np.asarray(vjp(np.ones(m)), dtype=float)
    return np.tile(summed, (m, 1))


# --------------------------------------------------------------------------------------------
# volume_scale


@misconception("volume_scale", "A negative determinant means the map mirrors space, but volumes stay positive: "
                               "the volume scale is |det A|, not det A.")
def signed_determinant(reference, A):
    return np.linalg.det(np.asarray(A, dtype=float))


@misconception("volume_scale", "The product of the column lengths is the volume only when the columns are "
                               "orthogonal; a slanted parallelepiped has volume |det A|, which is smaller.")
def column_lengths_product(reference, A):
    return np.prod(np.linalg.norm(np.asarray(A, dtype=float), axis=-2), axis=-1)


@misconception("volume_scale", "det(AᵀA) is the squared volume: take its square root, or simply |det A|.")
def gram_without_sqrt(reference, A):
    return reference.volume_scale(A) ** 2


# --------------------------------------------------------------------------------------------
# linearize


@misconception("linearize", "The Jacobian must be taken at the base point: L(x) = f(x0) + J(x0)(x − x0), "
                            "not J(x)(x − x0). Only x0 is where you know the map.")
def jacobian_at_x(reference, f, jac, x0, x):
    x0, x = np.asarray(x0, dtype=float), np.asarray(x, dtype=float)
    return f(x0) + jac(x) @ (x - x0)


@misconception("linearize", "The linearization starts from the value at the base point: add f(x0) to "
                            "J(x0)(x − x0).")
def missing_value(reference, f, jac, x0, x):
    return reference.linearize(f, jac, x0, x) - f(np.asarray(x0, dtype=float))


@misconception("linearize", "J(x0) multiplies the displacement x − x0, not x itself: L(x) = f(x0) + J(x0)(x − x0).")
def missing_shift(reference, f, jac, x0, x):
    x0, x = np.asarray(x0, dtype=float), np.asarray(x, dtype=float)
    return f(x0) + jac(x0) @ x


@misconception("linearize", "J(x0) has shape (m, n): multiply it by x − x0 as it is, without transposing it.")
def linearize_transposed(reference, f, jac, x0, x):
    x0, x = np.asarray(x0, dtype=float), np.asarray(x, dtype=float)
    return f(x0) + jac(x0).T @ (x - x0)


# --------------------------------------------------------------------------------------------
# linearization_errors


@misconception("linearization_errors", "The first step is t itself (t_k = t / 2^k from k = 0): your steps start "
                                       "at t / 2.")
def errors_off_by_one(reference, f, jac, x0, d, t, steps):
    return reference.linearization_errors(f, jac, x0, d, t / 2, steps)


@misconception("linearization_errors", "Return the norm of the remainder, not its square: squared errors shrink "
                                       "by 16 per halving and hide the quadratic order.")
def errors_squared(reference, f, jac, x0, d, t, steps):
    return reference.linearization_errors(f, jac, x0, d, t, steps) ** 2


@misconception("linearization_errors", "Your errors do not shrink: the remainder is f(x0 + t d) − f(x0) − t J(x0) d, "
                                       "don't forget to subtract f(x0).")
def errors_without_value(reference, f, jac, x0, d, t, steps):
    x0, d = np.asarray(x0, dtype=float), np.asarray(d, dtype=float)
    slope = jac(x0) @ d
    return np.array([np.linalg.norm(f(x0 + t_k * d) - t_k * slope) for t_k in _steps(t, steps)])


@misconception("linearization_errors", "The Jacobian of the Taylor test is taken at the base point x0, not at "
                                       "the moved point x0 + t d.")
def errors_jacobian_at_moved_point(reference, f, jac, x0, d, t, steps):
    x0, d = np.asarray(x0, dtype=float), np.asarray(d, dtype=float)
    return np.array([np.linalg.norm(f(x0 + t_k * d) - f(x0) - t_k * (jac(x0 + t_k * d) @ d))
                     for t_k in _steps(t, steps)])
