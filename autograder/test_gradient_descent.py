"""Hidden tests for exercise 5, gradient_descent: randomised per student, never shipped.

Fixed-step descent is deterministic, so trajectories are compared with the reference's on the
same inputs (tol.reference). The problems are chosen so that this comparison is well conditioned:
on quadratics rounding grows at most like k·eps relative to the iterates; on Rosenbrock the steps
stay below 2/λ_max of the Hessian all along the path, where a step does not amplify a perturbation
(measured: other correct loops agree with the reference to 1e-15 after 200 steps). The oracles
are independent of the reference's loop: the closed form x_k − x* = (I − η A)ᵏ (x0 − x*) on
quadratics, the spectral norm of I − η A, the trusted objective evaluated at the student's points.
"""

import numpy as np

from jackit.checks import CheckFailure, check_close
from jackit.grading import part
from jackit.problems.quadratic import Quadratic
from jackit.problems.rosenbrock import Rosenbrock


# --------------------------------------------------------------------------------------------
# Inputs


def spd_matrix(rng, n, smallest, largest):
    """A random symmetric positive definite (n, n) matrix with eigenvalues spread from smallest to largest."""
    inner = np.exp(rng.uniform(np.log(smallest), np.log(largest), size=max(n - 2, 0)))
    eigenvalues = np.array([largest]) if n == 1 else np.concatenate([[smallest, largest], inner])
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))  # a random rotation
    A = (Q * eigenvalues) @ Q.T
    return (A + A.T) / 2  # exactly symmetric


def quadratic(rng, n, smallest=0.5, largest=20.0):
    """½ xᵀA x − bᵀx, A random SPD with λ_min in [smallest, 2·smallest] and λ_max in [largest/2, largest]."""
    smallest, largest = rng.uniform(smallest, 2 * smallest), rng.uniform(largest / 2, largest)
    return Quadratic(A=spd_matrix(rng, n, smallest, largest), b=rng.standard_normal(n))


def start_near(rng, problem, scale=3.0):
    """x* plus a Gaussian offset."""
    return problem.minimizer() + scale * rng.standard_normal(problem.b.shape)


def rosenbrock_setup(rng):
    """A banana valley, a start on the far side of it, and a step below 2/λ_max of the Hessian along the path."""
    problem = Rosenbrock(a=float(rng.uniform(0.8, 1.2)), b=float(rng.uniform(50.0, 100.0)))
    x0 = np.array([-1.2, 1.0]) + rng.uniform(-0.2, 0.2, size=2)
    return problem, x0, float(rng.uniform(0.03, 0.08) / problem.b)


def closed_form_trajectory(problem, x0, step, n_steps):
    """x_k = x* + Q diag((1 − η λ)ᵏ) Qᵀ (x0 − x*): the quadratic's trajectory without a loop over steps."""
    eigenvalues, Q = np.linalg.eigh(problem.A)
    x_star = problem.minimizer()
    powers = (1.0 - step * eigenvalues)[None, :] ** np.arange(n_steps + 1)[:, None]  # (n_steps + 1, n)
    return x_star + (powers * (Q.T @ (x0 - x_star))) @ Q.T


def pair(result, what):
    """The student's 2-tuple, or a failure that says what came back instead."""
    if isinstance(result, (tuple, list)) and len(result) == 2:
        return result
    found = (f"a {type(result).__name__} of length {len(result)}" if isinstance(result, (tuple, list))
             else f"a value of type {type(result).__name__}")
    raise CheckFailure(f"{what} should return a pair of two values, found {found}.", kind="type", name=what)


# --------------------------------------------------------------------------------------------
# Part "descent": gradient_descent(grad, x0, step, n_steps)


@part("descent", weight=3)
def test_trajectory_matches_the_reference_and_the_closed_form(student, reference, rng, tol):
    """On quadratics in 1, 4 and 7 dimensions, is the trajectory (x0 first) the reference's and (I − ηA)ᵏ's?"""
    for n in (1, 4, 7):
        problem = quadratic(rng, n)
        x0, n_steps = start_near(rng, problem), int(rng.integers(5, 30))
        step = float(rng.uniform(0.2, 0.95) * 2 / problem.smoothness())
        name = f"gradient_descent on a {n}-dimensional quadratic, η = {step:.4g}, {n_steps} steps"
        got = student.gradient_descent(problem.callback("grad"), x0, step, n_steps)
        check_close(got, reference.gradient_descent(problem.grad, x0, step, n_steps), rtol=tol.reference, name=name)
        check_close(got, closed_form_trajectory(problem, x0, step, n_steps), rtol=tol.oracle,
                    name=f"{name}, against x_k − x* = (I − ηA)ᵏ (x0 − x*)")


@part("descent")
def test_a_step_beyond_2_over_L_diverges(student, reference, rng, tol):
    """With η above 2/L, does the trajectory match the reference and move away from the minimiser?"""
    problem = quadratic(rng, 3)
    x0, n_steps = start_near(rng, problem), 60
    step = float(rng.uniform(1.1, 1.3) * 2 / problem.smoothness())
    name = f"gradient_descent with η = {step:.4g} > 2/L"
    got = student.gradient_descent(problem.callback("grad"), x0, step, n_steps)
    check_close(got, reference.gradient_descent(problem.grad, x0, step, n_steps), rtol=tol.reference, name=name)
    x_star = problem.minimizer()
    if not np.linalg.norm(got[-1] - x_star) > 100 * np.linalg.norm(x0 - x_star):
        raise CheckFailure(f"{name}: after {n_steps} steps the iterate should be far from the minimiser "
                           "(the steepest direction overshoots more at every step)", kind="value", name=name)


@part("descent")
def test_zero_steps_and_one_step(student, reference, rng, tol):
    """Is the trajectory of 0 steps the single row x0, and that of 1 step [x0, x0 − η∇L(x0)]?"""
    problem = quadratic(rng, 5)
    x0 = start_near(rng, problem)
    step = float(rng.uniform(0.2, 0.95) * 2 / problem.smoothness())
    check_close(student.gradient_descent(problem.callback("grad"), x0, step, 0), x0[None, :],
                rtol=tol.reference, name="gradient_descent with n_steps = 0 (only x0, shape (1, n))")
    check_close(student.gradient_descent(problem.callback("grad"), x0, step, 1),
                np.stack([x0, x0 - step * problem.grad(x0)]), rtol=tol.reference,
                name="gradient_descent with n_steps = 1")


# --------------------------------------------------------------------------------------------
# Part "stopping": descend_until(grad, x0, step, tol, max_steps)


def slow_quadratic(rng, n):
    """A badly conditioned quadratic and a step with which the slowest direction shrinks by at most ~15 % a step."""
    problem = quadratic(rng, n, smallest=0.5, largest=25.0)
    return problem, float(rng.uniform(0.4, 0.9) * 2 / problem.smoothness())


def check_stop(student, reference, problem, x0, step, threshold, max_steps, tol, situation):
    """The student's (x, k) against the reference's: k exactly, x within tol.reference."""
    name = f"descend_until ({situation})"
    x, k = pair(student.descend_until(problem.callback("grad"), x0, step, threshold, max_steps), name)
    expected_x, expected_k = reference.descend_until(problem.grad, x0, step, threshold, max_steps)
    check_close(k, expected_k, rtol=0.0, name=f"the number of steps k returned by {name}")
    check_close(x, expected_x, rtol=tol.reference, name=f"the point x returned by {name}")
    return x, k


@part("stopping", weight=2)
def test_stops_at_the_first_small_gradient(student, reference, rng, tol):
    """Does descent stop at the first iterate whose gradient norm is below tol, with the right step count?"""
    for n in (3, 6):
        problem, step = slow_quadratic(rng, n)
        x0 = start_near(rng, problem)
        threshold = float(10 ** rng.uniform(-4, -3.3))
        x, k = check_stop(student, reference, problem, x0, step, threshold, 5000, tol,
                          f"{n} dimensions, tol = {threshold:.2e}")
        if not np.linalg.norm(problem.grad(x)) < threshold:
            raise CheckFailure(f"descend_until returned a point whose gradient norm is not below tol = {threshold:.2e}",
                               kind="value", name="descend_until")


@part("stopping")
def test_stops_when_the_budget_is_spent(student, reference, rng, tol):
    """When tol is never reached, does descent stop after exactly max_steps steps, at x_max_steps?"""
    problem, step = slow_quadratic(rng, 4)
    x0, max_steps = start_near(rng, problem), int(rng.integers(3, 12))
    check_stop(student, reference, problem, x0, step, 1e-12, max_steps, tol,
               f"max_steps = {max_steps}, tol never reached")


@part("stopping")
def test_checks_the_gradient_before_stepping(student, reference, rng, tol):
    """Is x0 returned (k = 0) when ‖∇L(x0)‖ < tol already, and k = 1 when only x1 is below tol?"""
    problem = quadratic(rng, 4)
    eigenvalues, Q = np.linalg.eigh(problem.A)
    # ∇L(x0) along the steepest eigenvector and η ≈ 1/λ_max: one step removes ~99 % of the gradient. The
    # tols below stop at k = 0 and k = 1 whatever quantity is tested (‖g‖, ‖g‖², η‖g‖, max |g_i|), so this
    # test is about WHEN the test happens (before the step) and what k counts, nothing else.
    norm0 = rng.uniform(0.2, 0.6)
    x0 = problem.minimizer() + norm0 * rng.choice([-1.0, 1.0]) * Q[:, -1] / eigenvalues[-1]
    step = float((1.0 + rng.choice([-1.0, 1.0]) * rng.uniform(0.003, 0.01)) / eigenvalues[-1])
    check_stop(student, reference, problem, x0, step, 2.0 * norm0, 50, tol, "x0 already below tol")
    norm1 = np.linalg.norm(problem.grad(x0 - step * problem.grad(x0)))
    threshold = float(np.sqrt(norm1 * min(step * norm0, norm0**2, norm0 / 2)))
    check_stop(student, reference, problem, x0, step, threshold, 50, tol, "x1 is the first iterate below tol")


# --------------------------------------------------------------------------------------------
# Part "stability": max_stable_step(A), contraction_factor(A, step)


def error_after(problem, x0, step, n_steps):
    """‖x_k − x*‖ after n_steps steps of descent, from the trusted closed form."""
    return np.linalg.norm(closed_form_trajectory(problem, x0, step, n_steps)[-1] - problem.minimizer())


@part("stability", weight=2)
def test_max_stable_step_on_random_spd_matrices(student, reference, rng, tol):
    """Is the bound 2/λ_max on SPD matrices of sizes 2, 3 and 6, and does descent converge below it, diverge above?"""
    for n in (2, 3, 6):
        problem = quadratic(rng, n, smallest=0.1, largest=50.0)
        eigenvalues = np.linalg.eigvalsh(problem.A)
        name = (f"max_stable_step of a {n} × {n} matrix with eigenvalues from {eigenvalues[0]:.3g} "
                f"to {eigenvalues[-1]:.3g}")
        got = student.max_stable_step(problem.A)
        check_close(got, reference.max_stable_step(problem.A), rtol=tol.reference, name=name)
        x0 = start_near(rng, problem)
        before, below, above = (np.linalg.norm(x0 - problem.minimizer()), error_after(problem, x0, 0.95 * got, 300),
                                error_after(problem, x0, 1.05 * got, 300))
        if not (below < before < above):
            raise CheckFailure(f"{name}: descent should converge with 0.95 × your bound and diverge with 1.05 × it",
                               kind="value", name=name)


@part("stability", weight=2)
def test_contraction_factor_below_around_and_beyond_the_bound(student, reference, rng, tol):
    """Is ρ(η) = max |1 − ηλ| for small steps, steps near 2/L and steps beyond it, on SPD matrices?"""
    for n in (3, 5):
        problem = quadratic(rng, n, smallest=0.1, largest=50.0)
        bound = 2.0 / problem.smoothness()
        for fraction in (rng.uniform(0.05, 0.4), rng.uniform(0.6, 0.95), rng.uniform(1.05, 1.5)):
            step = float(fraction * bound)
            name = f"contraction_factor(A, η = {fraction:.2f} × 2/λ_max) for a {n} × {n} matrix"
            got = student.contraction_factor(problem.A, step)
            check_close(got, reference.contraction_factor(problem.A, step), rtol=tol.reference, name=name)
            check_close(got, float(np.linalg.norm(np.eye(n) - step * problem.A, 2)), rtol=tol.oracle,
                        name=f"{name}, against the spectral norm ‖I − ηA‖₂")


# --------------------------------------------------------------------------------------------
# Part "rosenbrock": descent_run(value, grad, x0, step, n_steps)


def check_run(student, reference, problem, x0, step, n_steps, tol, situation):
    name = f"descent_run ({situation})"
    trajectory, values = pair(student.descent_run(problem.callback("value"), problem.callback("grad"), x0, step,
                                                  n_steps), name)
    expected_trajectory, expected_values = reference.descent_run(problem.value, problem.grad, x0, step, n_steps)
    check_close(trajectory, expected_trajectory, rtol=tol.reference, name=f"the trajectory of {name}")
    check_close(values, expected_values, rtol=tol.reference, name=f"the values of {name}")
    check_close(values, np.array([problem.value(x) for x in trajectory]), rtol=tol.reference,
                name=f"the values of {name}, against L at each of your points")
    return values


@part("rosenbrock", weight=2)
def test_run_on_rosenbrock_matches_the_reference_and_decreases(student, reference, rng, tol):
    """On two Rosenbrock valleys with a small step, is the run the reference's, with L decreasing at every step?"""
    for _ in range(2):
        problem, x0, step = rosenbrock_setup(rng)
        n_steps = int(rng.integers(100, 200))
        situation = f"Rosenbrock a = {problem.a:.3f}, b = {problem.b:.1f}, η = {step:.2e}, {n_steps} steps"
        values = check_run(student, reference, problem, x0, step, n_steps, tol, situation)
        if not np.all(np.diff(values) < 0):
            raise CheckFailure(f"descent_run ({situation}): L should decrease at every step with this small step",
                               kind="value", name="descent_run")


@part("rosenbrock")
def test_run_on_a_quadratic_and_of_zero_steps(student, reference, rng, tol):
    """Does the run work in 4 dimensions, and is a run of 0 steps ([x0], [L(x0)])?"""
    problem = quadratic(rng, 4)
    x0 = start_near(rng, problem)
    step = float(rng.uniform(0.2, 0.95) * 2 / problem.smoothness())
    check_run(student, reference, problem, x0, step, int(rng.integers(3, 10)), tol, "a quadratic in 4 dimensions")
    problem, x0, step = rosenbrock_setup(rng)
    check_run(student, reference, problem, x0, step, 0, tol, "Rosenbrock, n_steps = 0")
