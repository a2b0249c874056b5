"""Catalogued mistakes in gradient_descent, each with the note a teaching assistant would write."""

import numpy as np

from jackit.grading import misconception


def _descend(grad, x0, step, n_steps, sign=-1.0):
    """The plain loop, with the sign of the step as a parameter (−1 is descent)."""
    x = np.array(x0, dtype=float)
    trajectory = [x]
    with np.errstate(all="ignore"):  # uphill on Rosenbrock overflows: the replay just returns inf
        for _ in range(n_steps):
            x = x + sign * step * np.asarray(grad(x))
            trajectory.append(x)
    return np.stack(trajectory)


# --- gradient_descent ---------------------------------------------------------------------------


@misconception("gradient_descent", "Your iterates go uphill: the gradient points to steepest ascent, so the "
                                   "step is x ← x − η∇L(x), with a minus sign.")
def ascends_the_gradient(reference, grad, x0, step, n_steps):
    return _descend(grad, x0, step, n_steps, sign=+1.0)


@misconception("gradient_descent", "The trajectory starts with x0 itself: row 0 is x0 and row k is the point "
                                   "after k steps, so there are n_steps + 1 rows.")
def trajectory_without_x0(reference, grad, x0, step, n_steps):
    return reference.gradient_descent(grad, x0, step, n_steps)[1:]


@misconception("gradient_descent", "Off by one: your loop takes n_steps − 1 steps. Take exactly n_steps steps "
                                   "(for _ in range(n_steps)) and keep x0 as row 0.")
def one_step_too_few(reference, grad, x0, step, n_steps):
    return reference.gradient_descent(grad, x0, step, max(n_steps - 1, 0))


@misconception("gradient_descent", "Off by one: your loop takes n_steps + 1 steps. Take exactly n_steps steps "
                                   "(for _ in range(n_steps)); with x0 that makes n_steps + 1 rows.")
def one_step_too_many(reference, grad, x0, step, n_steps):
    return reference.gradient_descent(grad, x0, step, n_steps + 1)


@misconception("gradient_descent", "Every row of your trajectory is the last point: you update one array in "
                                   "place (x -= η g) and store that same array each time. Store a new array at "
                                   "every step (x = x − η g, or append x.copy()).")
def rows_alias_one_array(reference, grad, x0, step, n_steps):
    trajectory = reference.gradient_descent(grad, x0, step, n_steps)
    return np.repeat(trajectory[-1:], n_steps + 1, axis=0)


@misconception("gradient_descent", "You use the gradient at x0 for every step: evaluate ∇L at the current "
                                   "point x_k inside the loop.")
def gradient_frozen_at_x0(reference, grad, x0, step, n_steps):
    g = np.asarray(grad(np.array(x0, dtype=float)))
    return np.array(x0, dtype=float) - step * np.arange(n_steps + 1)[:, None] * g


# --- descend_until --------------------------------------------------------------------------


def _stop_when(small, grad, x0, step, max_steps):
    """descend_until with the stopping test `small(x, g)` checked before each step."""
    x = np.array(x0, dtype=float)
    for k in range(max_steps + 1):
        g = np.asarray(grad(x))
        if small(x, g) or k == max_steps:
            return x, k
        x = x - step * g


@misconception("descend_until", "You stop on the length of the step, ‖x_{k+1} − x_k‖ = η‖∇L‖, not on the "
                                "gradient: test ‖∇L(x_k)‖ < tol (the step length is η times smaller).")
def stops_on_step_length(reference, grad, x0, step, tol, max_steps):
    return _stop_when(lambda x, g: step * np.linalg.norm(g) < tol, grad, x0, step, max_steps)


@misconception("descend_until", "You compare the squared norm ∇L·∇L with tol: compare the norm ‖∇L‖ itself "
                                "(np.linalg.norm).")
def stops_on_squared_norm(reference, grad, x0, step, tol, max_steps):
    return _stop_when(lambda x, g: g @ g < tol, grad, x0, step, max_steps)


@misconception("descend_until", "You measure the gradient with its largest entry: the test is on the "
                                "Euclidean norm ‖∇L‖ = np.linalg.norm(g).")
def stops_on_largest_entry(reference, grad, x0, step, tol, max_steps):
    return _stop_when(lambda x, g: np.max(np.abs(g)) < tol, grad, x0, step, max_steps)


@misconception("descend_until", "You take a step before testing: test ‖∇L(x_k)‖ < tol first, and return x_k "
                                "itself (x0, with k = 0, when its gradient is already small).")
def checks_after_the_step(reference, grad, x0, step, tol, max_steps):
    x = np.array(x0, dtype=float)
    for k in range(max_steps):
        g = np.asarray(grad(x))
        x = x - step * g
        if np.linalg.norm(g) < tol:
            return x, k + 1
    return x, max_steps


@misconception("descend_until", "k is the number of steps taken to reach x, not the number of points visited: "
                                "x0 itself is k = 0.")
def counts_points_not_steps(reference, grad, x0, step, tol, max_steps):
    x, k = reference.descend_until(grad, x0, step, tol, max_steps)
    return x, k + 1


# --- max_stable_step ------------------------------------------------------------------------


@misconception("max_stable_step", "Your bound is half the right one: the error along the steepest direction is "
                                  "multiplied by 1 − ηλ_max, and |1 − ηλ_max| < 1 holds up to η = 2/λ_max "
                                  "(1/L is the step that makes that factor 0, not the limit).")
def bound_one_over_L(reference, A):
    return reference.max_stable_step(A) / 2


@misconception("max_stable_step", "The bound comes from the LARGEST eigenvalue: the steepest direction is the "
                                  "first to overshoot. np.linalg.eigvalsh sorts in ascending order: take [-1].")
def bound_from_smallest_eigenvalue(reference, A):
    return float(2.0 / np.linalg.eigvalsh(A)[0])


@misconception("max_stable_step", "np.linalg.norm(A) is the Frobenius norm, not λ_max: use the largest "
                                  "eigenvalue (np.linalg.eigvalsh(A)[-1]) or the spectral norm np.linalg.norm(A, 2).")
def bound_uses_frobenius_norm(reference, A):
    return float(2.0 / np.linalg.norm(A))


# --- contraction_factor ---------------------------------------------------------------------


@misconception("contraction_factor", "Take the absolute value |1 − ηλ|: beyond 2/λ_max the factor 1 − ηλ_max "
                                     "is below −1, an overshoot that grows at every step.")
def rate_without_abs(reference, A, step):
    return float(np.max(1.0 - step * np.linalg.eigvalsh(A)))


@misconception("contraction_factor", "The rate is the worst factor over ALL eigenvalues: with a small step the "
                                     "slowest direction is the one of λ_min, where 1 − ηλ_min is close to 1.")
def rate_from_largest_eigenvalue_only(reference, A, step):
    return float(abs(1.0 - step * np.linalg.eigvalsh(A)[-1]))


@misconception("contraction_factor", "np.linalg.norm of a matrix is the Frobenius norm by default: the rate is "
                                     "the spectral norm np.linalg.norm(I − ηA, 2) = max |1 − ηλ|.")
def rate_uses_frobenius_norm(reference, A, step):
    return float(np.linalg.norm(np.eye(len(A)) - step * np.asarray(A)))


# --- descent_run ----------------------------------------------------------------------------


@misconception("descent_run", "Your values must start with L(x0): evaluate L at every row of the trajectory, "
                              "n_steps + 1 values, not only after each step.")
def values_missing_the_start(reference, value, grad, x0, step, n_steps):
    trajectory, values = reference.descent_run(value, grad, x0, step, n_steps)
    return trajectory, values[1:]


@misconception("descent_run", "Your values must end with L at the last point: evaluate L at every row of the "
                              "trajectory, n_steps + 1 values, not only before each step.")
def values_missing_the_end(reference, value, grad, x0, step, n_steps):
    trajectory, values = reference.descent_run(value, grad, x0, step, n_steps)
    return trajectory, values[:-1]


@misconception("descent_run", "Your run goes uphill: the step is x ← x − η∇L(x), with a minus sign.")
def run_ascends_the_gradient(reference, value, grad, x0, step, n_steps):
    trajectory = _descend(grad, x0, step, n_steps, sign=+1.0)
    with np.errstate(all="ignore"):
        return trajectory, np.array([value(x) for x in trajectory])


@misconception("descent_run", "The trajectory starts with x0 itself (and values with L(x0)): n_steps + 1 rows.")
def run_without_x0(reference, value, grad, x0, step, n_steps):
    trajectory, values = reference.descent_run(value, grad, x0, step, n_steps)
    return trajectory[1:], values[1:]


@misconception("descent_run", "Every row of your trajectory is the last point: you update one array in place "
                              "and store that same array each time. Store a new array at every step.")
def run_rows_alias_one_array(reference, value, grad, x0, step, n_steps):
    trajectory, values = reference.descent_run(value, grad, x0, step, n_steps)
    return np.repeat(trajectory[-1:], n_steps + 1, axis=0), np.repeat(values[-1:], n_steps + 1)
