"""Exercise 5 — fixed-step gradient descent.

To minimise a differentiable loss L: ℝⁿ → ℝ, step against its gradient (the direction of steepest
ascent) by a fixed step size η > 0:

    x_{k+1} = x_k − η ∇L(x_k),    k = 0, 1, 2, …

The whole method is in the step size. On a quadratic L(x) = ½ xᵀA x − bᵀx (A symmetric positive
definite, minimiser x* = A⁻¹b) the gradient is A x − b, so the error e_k = x_k − x* obeys

    e_{k+1} = (I − η A) e_k,    e_k = (I − η A)ᵏ e_0.

Along the eigenvector of A with eigenvalue λ the error is multiplied by (1 − η λ) at every step:
it shrinks exactly when |1 − η λ| < 1, that is when 0 < η < 2/λ. Every direction shrinks when

    η < 2 / L,    L = λ_max(A) (the smoothness constant: the largest curvature),

and the error shrinks at the rate ρ(η) = max_i |1 − η λ_i| per step. Beyond 2/L the steepest
direction overshoots further at every step and the iterates diverge. For a general L, the Hessian
∇²L(x) plays the part of A near x: on Rosenbrock's banana valley f(x, y) = (a − x)² + b (y − x²)²
the curvature across the valley (≈ 1000 near the minimum for b = 100) forces a small step, and
descent then crawls along the valley floor.

Functions receive the gradient as a callable `grad` (a float64 array x of shape (n,) ↦ ∇L(x),
shape (n,)); in the grader these are callbacks of the trusted catalogue (jackit.problems).
"""

import numpy as np


def gradient_descent(grad, x0, step, n_steps):
    """Run n_steps fixed-size gradient steps from x0 and return every iterate.

    x_{k+1} = x_k − η ∇L(x_k) for k = 0, …, n_steps − 1.

    Args:
        grad: callable, x (float64 array of shape (n,)) ↦ ∇L(x) (float64 array of shape (n,)).
        x0: float64 array of shape (n,), the starting point.
        step: float, the step size η > 0.
        n_steps: int ≥ 0, the number of steps to take.

    Returns:
        float64 array of shape (n_steps + 1, n), the trajectory: row k is x_k, so row 0 is x0
        and the last row is the point reached after n_steps steps.

    Example:
        For L(x) = ½‖x‖² (∇L(x) = x), a step η = 0.5 halves x at every step:
        >>> gradient_descent(lambda x: x, np.array([4.0, -2.0]), 0.5, 2)
        array([[ 4. , -2. ],
               [ 2. , -1. ],
               [ 1. , -0.5]])
    """
    # TODO: from x0, take n_steps steps x ← x − η ∇L(x), keeping x0 and every iterate
    raise NotImplementedError("TODO(gradient_descent)")


def descend_until(grad, x0, step, tol, max_steps):
    """Gradient descent that stops as soon as the gradient is small: ‖∇L(x_k)‖ < tol.

    The test comes BEFORE each step. For k = 0, 1, 2, …: compute g = ∇L(x_k); if ‖g‖ < tol
    (Euclidean norm), stop and return x_k; if k == max_steps, the budget is spent: stop and
    return x_k; otherwise step, x_{k+1} = x_k − η g. So at most max_steps steps are taken, and
    x0 is returned unchanged (k = 0) when its gradient is already small.

    Args:
        grad: callable, x (float64 array of shape (n,)) ↦ ∇L(x) (float64 array of shape (n,)).
        x0: float64 array of shape (n,), the starting point.
        step: float, the step size η > 0.
        tol: float > 0, the threshold on the gradient norm.
        max_steps: int ≥ 0, the largest number of steps allowed.

    Returns:
        (x, k): x the float64 array of shape (n,) where descent stopped, and k (an int) the number
        of steps taken to reach it: x = x_k. k < max_steps means ‖∇L(x_k)‖ < tol was reached early.

    Example:
        For L(x) = ½‖x‖², η = 0.5 halves x at every step; the gradient norms are 8, 4, 2, 1, …:
        >>> descend_until(lambda x: x, np.array([8.0]), 0.5, 1.5, 10)
        (array([1.]), 3)
        >>> descend_until(lambda x: x, np.array([8.0]), 0.5, 1.5, 2)
        (array([2.]), 2)
    """
    # TODO: test ‖∇L(x_k)‖ < tol before each step; stop there, or after max_steps steps
    raise NotImplementedError("TODO(gradient_descent)")


def max_stable_step(A):
    """The largest step for which fixed-step descent converges on L(x) = ½ xᵀA x − bᵀx.

    The error is multiplied by (I − η A) at every step; it shrinks in every direction exactly
    when |1 − η λ| < 1 for every eigenvalue λ of A, that is for 0 < η < 2/λ_max(A).

    Args:
        A: float64 array of shape (n, n), symmetric positive definite (the Hessian).

    Returns:
        float, 2 / λ_max(A). (For a symmetric matrix np.linalg.eigvalsh gives the eigenvalues,
        real and in ascending order.)

    Example:
        >>> max_stable_step(np.array([[4.0, 0.0], [0.0, 1.0]]))
        0.5
    """
    # TODO: 2 over the largest eigenvalue of the symmetric matrix A
    raise NotImplementedError("TODO(gradient_descent)")


def contraction_factor(A, step):
    """By how much one step of size η shrinks (or grows) the error on L(x) = ½ xᵀA x − bᵀx.

    ρ(η) = max over the eigenvalues λ of A of |1 − η λ|, the spectral norm of I − η A:
    ‖x_{k+1} − x*‖ ≤ ρ ‖x_k − x*‖, with equality along the worst eigenvector. ρ < 1 means
    descent converges, ρ > 1 that it diverges (for 0 < η < 2/λ_max(A), ρ < 1). Small steps are
    slow because of the smallest eigenvalue (1 − η λ_min is close to 1); large ones overshoot
    along the largest (η λ_max − 1 grows past 1).

    Args:
        A: float64 array of shape (n, n), symmetric positive definite.
        step: float, the step size η > 0.

    Returns:
        float, ρ(η) = max_i |1 − η λ_i| ≥ 0.

    Example:
        Eigenvalues 4 and 1: η = 0.1 gives max(|1 − 0.4|, |1 − 0.1|) = 0.9;
        η = 0.6 gives max(|1 − 2.4|, |1 − 0.6|) = 1.4 (diverges: 0.6 > 2/4).
        >>> contraction_factor(np.array([[4.0, 0.0], [0.0, 1.0]]), 0.6)
        1.4
    """
    # TODO: the largest |1 − η λ| over the eigenvalues λ of A
    raise NotImplementedError("TODO(gradient_descent)")


def descent_run(value, grad, x0, step, n_steps):
    """A run of fixed-step descent with the loss recorded at every iterate (what you plot).

    Args:
        value: callable, x (float64 array of shape (n,)) ↦ L(x) (a float).
        grad: callable, x ↦ ∇L(x) (float64 array of shape (n,)).
        x0: float64 array of shape (n,), the starting point.
        step: float, the step size η > 0.
        n_steps: int ≥ 0.

    Returns:
        (trajectory, values): trajectory the float64 array of shape (n_steps + 1, n) that
        gradient_descent returns, and values the float64 array of shape (n_steps + 1,) with
        values[k] = L(x_k), starting with L(x0).

    Example:
        On Rosenbrock's function (a = 1, b = 100) from (−1.2, 1) with η = 0.001, the loss falls
        from 24.2 at every step (0.45 after 1000 steps, still far from the minimum 0 at (1, 1)):
        with a step below 2/λ_max of the local Hessian each step decreases L.
        For L(x) = ½‖x‖²:
        >>> descent_run(lambda x: 0.5 * x @ x, lambda x: x, np.array([4.0, -2.0]), 0.5, 2)[1]
        array([10.   ,  2.5  ,  0.625])
    """
    # TODO: run gradient_descent, then evaluate L at every row of the trajectory
    raise NotImplementedError("TODO(gradient_descent)")
