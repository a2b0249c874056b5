"""Catalogued mistakes in newton, each with the note a teaching assistant would write."""

import numpy as np

from jackit.grading import misconception


def _iterate(update, first, n_steps):
    """The start and n_steps iterates of x ← x + update(x), as rows."""
    x = np.array(first, dtype=float)
    trajectory = [x]
    for _ in range(n_steps):
        x = x + update(x)
        trajectory.append(x)
    return np.stack(trajectory)


# --- newton_step ----------------------------------------------------------------------------------


@misconception("newton_step", "Your step is −H g: you multiplied the gradient by the Hessian. The Newton step "
                              "solves H d = −g, d = −H⁻¹g: use np.linalg.solve(H, −g).")
def hessian_times_gradient(reference, grad_x, hess_x):
    return -np.asarray(hess_x, dtype=float) @ np.asarray(grad_x, dtype=float)


@misconception("newton_step", "Sign error: your step is +H⁻¹g, which climbs towards a maximum. The model's "
                              "gradient g + H d vanishes at d = −H⁻¹g: solve H d = −g.")
def step_sign_flipped(reference, grad_x, hess_x):
    return -reference.newton_step(grad_x, hess_x)


@misconception("newton_step", "Your step is −g, a plain gradient step: Newton's step rescales the gradient by the "
                              "curvature, d = −H⁻¹g (solve H d = −g).")
def gradient_step(reference, grad_x, hess_x):
    return -np.asarray(grad_x, dtype=float)


# --- newton_method --------------------------------------------------------------------------------


@misconception("newton_method", "The trajectory starts with x0 itself: row 0 is x0 and row k the point after k "
                                "steps, so there are n_steps + 1 rows.")
def trajectory_without_x0(reference, grad, hess, x0, n_steps):
    return reference.newton_method(grad, hess, x0, n_steps)[1:]


@misconception("newton_method", "Off by one: your loop takes n_steps + 1 steps. Take exactly n_steps steps "
                                "(for _ in range(n_steps)); with x0 that makes n_steps + 1 rows.")
def one_step_too_many(reference, grad, hess, x0, n_steps):
    return reference.newton_method(grad, hess, x0, n_steps + 1)


@misconception("newton_method", "You use the Hessian at x0 for every step: your method converges only linearly. "
                                "Evaluate both ∇f and ∇²f at the current point x_k inside the loop.")
def hessian_frozen_at_x0(reference, grad, hess, x0, n_steps):
    H0 = np.asarray(hess(np.array(x0, dtype=float)))
    return _iterate(lambda x: np.linalg.solve(H0, -np.asarray(grad(x))), x0, n_steps)


@misconception("newton_method", "Every row of your trajectory is the last point: you update one array in place "
                                "(x += d) and store that same array each time. Store a new array at every step "
                                "(x = x + d, or append x.copy()).")
def rows_overwritten_in_place(reference, grad, hess, x0, n_steps):
    trajectory = reference.newton_method(grad, hess, x0, n_steps)
    return np.repeat(trajectory[-1:], n_steps + 1, axis=0)


# --- gauss_newton_step ----------------------------------------------------------------------------


@misconception("gauss_newton_step", "Sign error: your step is +(JᵀJ)⁻¹Jᵀr, which moves the model away from the "
                                    "data. Solve (JᵀJ) d = −Jᵀr.")
def gn_step_sign_flipped(reference, residuals_p, jacobian_p):
    return -reference.gauss_newton_step(residuals_p, jacobian_p)


@misconception("gauss_newton_step", "Your step is −Jᵀr, a plain gradient step on ½‖r‖². Gauss–Newton rescales "
                                    "it by the approximate Hessian: solve (JᵀJ) d = −Jᵀr.")
def gn_gradient_step(reference, residuals_p, jacobian_p):
    J, r = np.asarray(jacobian_p, dtype=float), np.asarray(residuals_p, dtype=float)
    return -(J.T @ r)


@misconception("gauss_newton_step", "The approximate Hessian is JᵀJ (k × k, one row and column per parameter), "
                                    "not J Jᵀ (m × m, one per residual).")
def gn_outer_product_jjt(reference, residuals_p, jacobian_p):
    J, r = np.asarray(jacobian_p, dtype=float), np.asarray(residuals_p, dtype=float)
    return np.linalg.solve(J @ J.T, -(J.T @ r))


@misconception("gauss_newton_step", "The right-hand side is the gradient of ½‖r‖², Jᵀr (transpose J): with J of "
                                    "shape (m, k), Jᵀr has one entry per parameter.")
def gn_rhs_without_transpose(reference, residuals_p, jacobian_p):
    J, r = np.asarray(jacobian_p, dtype=float), np.asarray(residuals_p, dtype=float)
    return np.linalg.solve(J.T @ J, -(J @ r))


# --- gauss_newton ---------------------------------------------------------------------------------


@misconception("gauss_newton", "You use the Jacobian at p0 for every step: re-evaluate both r(p) and J(p) at the "
                               "current parameters inside the loop (Gauss–Newton re-linearises at every step).")
def gn_jacobian_frozen_at_p0(reference, residuals, jacobian, p0, n_steps):
    J0 = np.asarray(jacobian(np.array(p0, dtype=float)))
    return _iterate(lambda p: np.linalg.solve(J0.T @ J0, -(J0.T @ np.asarray(residuals(p)))), p0, n_steps)


@misconception("gauss_newton", "Return the whole trajectory, shape (n_steps + 1, k) with p0 as row 0, not only "
                               "the final parameters.")
def gn_returns_only_the_fit(reference, residuals, jacobian, p0, n_steps):
    return reference.gauss_newton(residuals, jacobian, p0, n_steps)[-1]
