"""Exercise 6 — Newton's method, and Gauss–Newton for nonlinear least squares.

Gradient descent steps along −∇f with a step size you must tune. Newton's method also uses the
curvature: near x, f is close to its second-order Taylor model

    f(x + d) ≈ f(x) + gᵀd + ½ dᵀH d,      g = ∇f(x),  H = ∇²f(x) (the Hessian: the Jacobian of ∇f).

When H is positive definite the model is lowest where its gradient g + H d vanishes, so the Newton
step d and the update are

    H d = −g,      x ← x + d.

Solve this linear system (np.linalg.solve): never multiply by H, and never form H⁻¹ (solving is
cheaper and more accurate than inverting). On a quadratic f(x) = ½ xᵀA x − bᵀx the model is exact
(g = A x − b, H = A), so one step lands on the minimiser A⁻¹b. On other smooth functions, near a
minimum where H is positive definite, the error squares at every step:

    ‖x_{k+1} − x*‖ ≤ C ‖x_k − x*‖²      (quadratic convergence: the correct digits double).

Least squares. Fitting parameters p ∈ ℝᵏ to data means minimising f(p) = ½‖r(p)‖², where
r(p) ∈ ℝᵐ are the residuals (model − data, m ≥ k) and J = ∂r/∂p their (m, k) Jacobian. Then

    ∇f = Jᵀr,      ∇²f = JᵀJ + Σᵢ rᵢ ∇²rᵢ ≈ JᵀJ.

Gauss–Newton drops the second-derivative term (small when the residuals are small) and so needs
only the Jacobian: it is Newton's step with H ≈ JᵀJ, the least-squares solution of J d ≈ −r,

    (JᵀJ) d = −Jᵀr,      p ← p + d.

It converges quadratically when the fit is exact (r = 0 at the solution), and fast but linearly
when small residuals remain. At convergence the gradient Jᵀr vanishes: the residuals are
orthogonal to every column of J.

Functions that iterate receive their derivatives as callables (in the grader, callbacks of the
trusted catalogue jackit.problems: Quadratic, Rosenbrock, ExponentialDecayFit). Vectors are float64
arrays of shape (n,) or (k,); trajectories are float64 arrays with one row per iterate, x0 first.
"""

import numpy as np


def newton_step(grad_x, hess_x):
    """The Newton step: the d that solves H d = −g.

    Args:
        grad_x: float64 array of shape (n,), the gradient g = ∇f(x) at the current point.
        hess_x: float64 array of shape (n, n), the Hessian H = ∇²f(x) there, symmetric positive
            definite.

    Returns:
        float64 array of shape (n,): the step d with H d = −g. Solve the linear system; do not
        multiply g by H, and do not invert H.

    Example:
        With g = (3, 4) and H = [[2, 1], [1, 3]]: 2 d₀ + d₁ = −3 and d₀ + 3 d₁ = −4, so d = (−1, −1)
        (the product −H g = (−10, −15) is not the step).
        >>> newton_step(np.array([3.0, 4.0]), np.array([[2.0, 1.0], [1.0, 3.0]]))
        array([-1., -1.])
    """
    # TODO: solve the linear system H d = −g for d (np.linalg.solve)
    raise NotImplementedError("TODO(newton)")


def newton_method(grad, hess, x0, n_steps):
    """Run n_steps Newton steps from x0 and return every iterate.

    x_{k+1} = x_k + d_k, where H(x_k) d_k = −∇f(x_k), for k = 0, …, n_steps − 1.

    Args:
        grad: callable, x (float64 array of shape (n,)) ↦ ∇f(x) (float64 array of shape (n,)).
        hess: callable, x ↦ ∇²f(x) (float64 array of shape (n, n)); positive definite at every
            iterate of the tests.
        x0: float64 array of shape (n,), the starting point.
        n_steps: int ≥ 0, the number of steps to take.

    Returns:
        float64 array of shape (n_steps + 1, n), the trajectory: row k is x_k, so row 0 is x0
        and the last row is the point reached after n_steps steps. Evaluate the gradient and the
        Hessian afresh at every iterate, and use your newton_step.

    Example:
        On f(x) = ½ xᵀA x − bᵀx with A = [[2, 1], [1, 3]] and b = (1, 2) (∇f = A x − b, ∇²f = A),
        the first step lands on the minimiser A⁻¹b = (0.2, 0.6) and the next one stays there:
        >>> A, b = np.array([[2.0, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0])
        >>> newton_method(lambda x: A @ x - b, lambda x: A, np.zeros(2), 2).round(12)
        array([[0. , 0. ],
               [0.2, 0.6],
               [0.2, 0.6]])

        On Rosenbrock's valley (a = 1, b = 100, minimum (1, 1)) from x0 = (0.95, 0.9), the
        distances to the minimum are 1.1e-1, 3.8e-2, 6.9e-3, 2.5e-4, 4.2e-7, 1.0e-12: near the
        minimum each is about the square of the one before.
    """
    # TODO: from x0, take n_steps Newton steps x ← x + d, keeping x0 and every iterate
    raise NotImplementedError("TODO(newton)")


def gauss_newton_step(residuals_p, jacobian_p):
    """The Gauss–Newton step: the d that solves (JᵀJ) d = −Jᵀr.

    This is Newton's step for f(p) = ½‖r(p)‖² with the gradient Jᵀr and the Hessian approximated
    by JᵀJ; equivalently, d is the least-squares solution of J d ≈ −r.

    Args:
        residuals_p: float64 array of shape (m,), the residuals r = r(p) at the current parameters.
        jacobian_p: float64 array of shape (m, k), their Jacobian J = ∂r/∂p there (m ≥ k, full
            column rank): row i is the gradient of rᵢ, column j the derivative with respect to pⱼ.

    Returns:
        float64 array of shape (k,): the step d.

    Example:
        With J = [[1, 0], [0, 1], [1, 1]] and r = (1, 2, 0): JᵀJ = [[2, 1], [1, 2]], Jᵀr = (1, 2),
        and 2 d₀ + d₁ = −1, d₀ + 2 d₁ = −2 give d = (0, −1).
        >>> gauss_newton_step(np.array([1.0, 2.0, 0.0]), np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
        array([ 0., -1.])
    """
    # TODO: solve the normal equations (JᵀJ) d = −Jᵀr for d
    raise NotImplementedError("TODO(newton)")


def gauss_newton(residuals, jacobian, p0, n_steps):
    """Run n_steps Gauss–Newton steps from p0 and return every iterate.

    p_{k+1} = p_k + d_k, where (J_kᵀJ_k) d_k = −J_kᵀr_k with r_k = r(p_k) and J_k = J(p_k).

    Args:
        residuals: callable, p (float64 array of shape (k,)) ↦ r(p) (float64 array of shape (m,)).
        jacobian: callable, p ↦ J(p) = ∂r/∂p (float64 array of shape (m, k)).
        p0: float64 array of shape (k,), the starting parameters.
        n_steps: int ≥ 0, the number of steps to take.

    Returns:
        float64 array of shape (n_steps + 1, k): row k is p_k, so row 0 is p0 and the last row
        is the fit after n_steps steps. Evaluate the residuals and the Jacobian afresh at every
        iterate, and use your gauss_newton_step.

    Example:
        Residuals that are linear in p, r(p) = A p − y, make the linearisation exact: one step
        reaches the least-squares solution (AᵀA)⁻¹Aᵀy, here (0, 1).
        >>> A, y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([-1.0, 0.0, 2.0])
        >>> gauss_newton(lambda p: A @ p - y, lambda p: A, np.zeros(2), 2).round(12)
        array([[0., 0.],
               [0., 1.],
               [0., 1.]])

        For the curve fit y ≈ a·exp(−b t) + c (jackit.problems.curve_fit.ExponentialDecayFit,
        whose residuals and jacobian methods are the two callables), ten steps from a guess 20 %
        off recover the true (a, b, c) to rounding when the data are exact, and shrink the gradient
        Jᵀr by more than eight orders of magnitude when they are slightly noisy.
    """
    # TODO: from p0, take n_steps Gauss–Newton steps p ← p + d, keeping p0 and every iterate
    raise NotImplementedError("TODO(newton)")
