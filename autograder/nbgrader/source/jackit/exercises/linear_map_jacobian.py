"""Exercise 2 — the Jacobian of a linear map, and the best linear approximation of a smooth one.

An affine map f(x) = A x + b moves by A Δx when x moves by Δx, wherever x is: its Jacobian is
the same matrix A at every point. A black box that only evaluates f still reveals A:

    forward mode   column j of A = f(e_j) − f(0)     (push the basis vector e_j through f)
    reverse mode   row i of A    = e_iᵀ A = (Aᵀ e_i)ᵀ (pull e_i back through the VJP v ↦ Aᵀ v)

Forward mode needs one evaluation per input (n), reverse mode one VJP per output (m): for a
scalar loss (m = 1) a single VJP gives the whole gradient, which is why backpropagation is
reverse mode.

|det A| is the factor by which x ↦ A x + b scales volumes: the unit cube goes to a
parallelepiped of volume |det A| (b only shifts it). A negative det A means the map also
mirrors space (it flips orientation); the volume is still |det A|.

A smooth nonlinear map is affine only to first order. Near x0 its best linear approximation is

    L(x) = f(x0) + J(x0) (x − x0),

and the error f(x) − L(x) is O(‖x − x0‖²): halving the step divides the error by about 4.
That quadratic shrinking is the Taylor test, the standard way to check that a Jacobian is right.

Vectors are 1-D float64 arrays; matrices are (rows, columns) = (outputs, inputs).
"""

import numpy as np


def jacobian_from_columns(f, n):
    """The matrix of an affine black box f(x) = A x + b, one column per input (forward mode).

    Pushing the basis vector e_j (1 in entry j, 0 elsewhere) through f gives A e_j + b, and
    f(0) = b, so column j of A is f(e_j) − f(0). This is exact: no finite-difference step.

    Args:
        f: a function taking a float64 array of shape (n,) and returning a float64 array of
            shape (m,). You may only call it; you do not see A or b.
        n: the number of inputs (an int ≥ 1).

    Returns:
        float64 array of shape (m, n): the Jacobian A, with J[i, j] = ∂f_i/∂x_j
        (rows are outputs, columns are inputs).

    Example:
        >>> A, b = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), np.array([10.0, 20.0])
        >>> jacobian_from_columns(lambda x: A @ x + b, 3)
        array([[1., 2., 3.],
               [4., 5., 6.]])

        f(e_0) = (11, 24) and f(0) = (10, 20): column 0 is (1, 4).
    """
    # TODO: column j is f(e_j) − f(0); stack the n columns into an (m, n) array
    raise NotImplementedError("TODO(linear_map_jacobian)")


def jacobian_from_rows(vjp, m):
    """The matrix of a linear black box seen only through its vector-Jacobian product (reverse mode).

    The VJP of x ↦ A x + b, the step backpropagation takes through the map, is v ↦ vᵀ A = Aᵀ v:
    b plays no part in it. With v = e_i it returns row i of A, so m calls give the whole matrix.

    Args:
        vjp: a function taking a float64 array v of shape (m,) (an upstream gradient, one entry
            per output) and returning vᵀ A, a float64 array of shape (n,) (one entry per input).
        m: the number of outputs (an int ≥ 1).

    Returns:
        float64 array of shape (m, n): the Jacobian A (rows are outputs, columns are inputs).

    Example:
        >>> A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        >>> jacobian_from_rows(lambda v: A.T @ v, 2)
        array([[1., 2., 3.],
               [4., 5., 6.]])

        vjp(e_1) = vjp((0, 1)) = (4, 5, 6): row 1 of A.
    """
    # TODO: row i is vjp(e_i); stack the m rows into an (m, n) array
    raise NotImplementedError("TODO(linear_map_jacobian)")


def volume_scale(A):
    """The factor |det A| by which x ↦ A x + b scales volumes, for a batch of square matrices.

    The unit cube is mapped to the parallelepiped spanned by the columns of A (shifted by b), of
    volume |det A|. A negative determinant means the map mirrors space; volumes stay positive.

    Args:
        A: float64 array of shape S + (n, n), a batch of square matrices (S may be ()).

    Returns:
        float64 array of shape S: |det A| for every matrix of the batch (a float64 number for
        a single matrix).

    Example:
        >>> volume_scale(np.array([[[2.0, 0.0], [0.0, 3.0]], [[0.0, 1.0], [1.0, 0.0]]]))
        array([6., 1.])

        The second matrix swaps the axes: a mirror, det = −1, yet areas are kept (factor 1).
    """
    # TODO: the absolute value of the determinant of every matrix
    raise NotImplementedError("TODO(linear_map_jacobian)")


def linearize(f, jac, x0, x):
    """The best linear approximation of a smooth map f around x0, evaluated at x.

        L(x) = f(x0) + J(x0) (x − x0)

    Both the value and the Jacobian are taken at the base point x0, never at x.

    Args:
        f: a function from a float64 array of shape (n,) to one of shape (m,).
        jac: its Jacobian, from a float64 array of shape (n,) to one of shape (m, n).
        x0: float64 array of shape (n,), the base point.
        x: float64 array of shape (n,), the point where the approximation is evaluated.

    Returns:
        float64 array of shape (m,): L(x).

    Example:
        f(x) = (x₀², x₀ x₁) has J(x) = [[2 x₀, 0], [x₁, x₀]]. Around x0 = (1, 2),
        f(x0) = (1, 2) and J(x0) = [[2, 0], [2, 1]], so at x = (1.1, 2):
        >>> f = lambda x: np.array([x[0] ** 2, x[0] * x[1]])
        >>> jac = lambda x: np.array([[2 * x[0], 0.0], [x[1], x[0]]])
        >>> linearize(f, jac, np.array([1.0, 2.0]), np.array([1.1, 2.0]))
        array([1.2, 2.2])

        The true value is f(1.1, 2) = (1.21, 2.2): the error 0.01 is the step 0.1 squared.
    """
    # TODO: f(x0) + J(x0) (x − x0)
    raise NotImplementedError("TODO(linear_map_jacobian)")


def linearization_errors(f, jac, x0, d, t, steps):
    """How the error of the linear approximation shrinks as the step halves: the Taylor test.

    For the steps t_k = t / 2^k, k = 0, 1, …, steps − 1, the error at x0 + t_k d is

        e_k = ‖f(x0 + t_k d) − f(x0) − t_k J(x0) d‖      (Euclidean norm)

    which is the error of L(x) = f(x0) + J(x0)(x − x0) there. For a smooth f it behaves like
    C t_k², so e_k / e_(k+1) → 4. With a wrong Jacobian it would only shrink like t_k (ratio 2).

    Args:
        f: a function from a float64 array of shape (n,) to one of shape (m,).
        jac: its Jacobian, from a float64 array of shape (n,) to one of shape (m, n).
        x0: float64 array of shape (n,), the base point.
        d: float64 array of shape (n,), the direction of the steps (used as given, not normalised).
        t: the first (largest) step, a float > 0.
        steps: the number of steps, an int ≥ 1.

    Returns:
        float64 array of shape (steps,): e_0, e_1, …, e_(steps−1).

    Example:
        With f(x) = (x₀², x₀ x₁) as in `linearize`, x0 = (1, 2) and d = (1, 0), the error at
        step t is exactly (t², 0), of norm t²:
        >>> f = lambda x: np.array([x[0] ** 2, x[0] * x[1]])
        >>> jac = lambda x: np.array([[2 * x[0], 0.0], [x[1], x[0]]])
        >>> linearization_errors(f, jac, np.array([1.0, 2.0]), np.array([1.0, 0.0]), 0.1, 3).round(8)
        array([0.01    , 0.0025  , 0.000625])
    """
    # TODO: e_k = ‖f(x0 + t_k d) − f(x0) − t_k J(x0) d‖ for t_k = t / 2^k
    raise NotImplementedError("TODO(linear_map_jacobian)")
