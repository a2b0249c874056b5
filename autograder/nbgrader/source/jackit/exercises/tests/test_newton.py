"""Self-checks for exercise 6, newton. Run: pytest exercises/tests/test_newton.py"""

import numpy as np
import pytest

from jackit.checks import check_close
from jackit.problems.curve_fit import ExponentialDecayFit
from jackit.problems.quadratic import Quadratic
from jackit.problems.rosenbrock import Rosenbrock

A = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]])  # symmetric positive definite, not diagonal
B = np.array([1.0, -2.0, 0.5])
X0 = np.array([2.0, 1.0, -1.0])

T = np.linspace(0.0, 3.0, 12)
TRUTH = np.array([2.0, 0.8, 0.5])  # (a, b, c) of y = a·exp(−b t) + c
P0 = np.array([1.7, 0.95, 0.4])


def trajectory_shape(trajectory, shape, name):
    """Fail with a plain message unless the trajectory is an array of the given shape."""
    assert isinstance(trajectory, np.ndarray), f"{name} should return a numpy array, found {type(trajectory).__name__}"
    assert trajectory.shape == shape, (f"{name} should return shape {shape}: one row per iterate, the start first; "
                                       f"found {trajectory.shape}")


@pytest.mark.part("newton_step")
def test_newton_step_at_a_worked_example(exercise, tol):
    """Is the Newton step for g = (3, 4) and H = [[2, 1], [1, 3]] equal to d = (−1, −1)?"""
    got = exercise.newton_step(np.array([3.0, 4.0]), np.array([[2.0, 1.0], [1.0, 3.0]]))
    check_close(got, np.array([-1.0, -1.0]), rtol=tol.reference, name="newton_step(g, H)")


@pytest.mark.part("newton_step")
def test_newton_step_solves_h_d_equals_minus_g(exercise, tol):
    """For a 3 × 3 SPD Hessian, does the step d satisfy H d = −g?"""
    g = np.array([0.3, -1.2, 2.0])
    d = exercise.newton_step(g, A)
    check_close(A @ d, -g, rtol=tol.oracle, name="H d for your step d, against −g")


@pytest.mark.part("newton_step")
def test_one_newton_step_minimises_a_quadratic(exercise, tol):
    """On f(x) = ½ xᵀA x − bᵀx, does x0 + d land on the minimiser A⁻¹b in one step?"""
    problem = Quadratic(A=A, b=B)
    d = exercise.newton_step(problem.grad(X0), problem.hess(X0))
    check_close(X0 + d, problem.minimizer(), rtol=tol.oracle, name="x0 + newton_step on a quadratic")


@pytest.mark.part("newton_method")
def test_newton_method_on_a_quadratic_stays_at_the_minimiser(exercise, tol):
    """On a quadratic, is the trajectory of 3 steps [x0, x*, x*, x*], and that of 0 steps [x0]?"""
    problem = Quadratic(A=A, b=B)
    x_star = problem.minimizer()
    got = exercise.newton_method(problem.grad, problem.hess, X0, 3)
    check_close(got, np.stack([X0, x_star, x_star, x_star]), rtol=tol.oracle, name="newton_method, 3 steps")
    check_close(exercise.newton_method(problem.grad, problem.hess, X0, 0), X0[None, :], rtol=tol.reference,
                name="newton_method with n_steps = 0 (shape (1, 3): only x0)")


@pytest.mark.part("newton_method")
def test_newton_method_squares_the_error_on_rosenbrock(exercise, tol):
    """From (0.95, 0.9) on Rosenbrock's valley, do 6 steps reach (1, 1), each error about the square of the last?"""
    problem, x0 = Rosenbrock(a=1.0, b=100.0), np.array([0.95, 0.9])
    got = exercise.newton_method(problem.grad, problem.hess, x0, 6)
    trajectory_shape(got, (7, 2), "newton_method(grad, hess, x0, 6)")
    check_close(got[0], x0, rtol=tol.reference, name="row 0 of the trajectory (x0)")
    check_close(got[-1], np.array([1.0, 1.0]), rtol=tol.oracle, name="the last point, against the minimum (1, 1)")
    errors = np.linalg.norm(got - np.array([1.0, 1.0]), axis=1)
    for k in range(6):
        if errors[k] < 1e-2 and errors[k + 1] > 1e-12:  # near the minimum, above rounding
            assert errors[k + 1] < 50 * errors[k] ** 2, (
                f"step {k + 1} took the distance to (1, 1) from {errors[k]:.1e} to {errors[k + 1]:.1e}: near the "
                "minimum Newton's method should square it (quadratic convergence)")


@pytest.mark.part("gauss_newton_step")
def test_gauss_newton_step_at_a_worked_example(exercise, tol):
    """For J = [[1, 0], [0, 1], [1, 1]] and r = (1, 2, 0), is the Gauss–Newton step d = (0, −1)?"""
    J = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    got = exercise.gauss_newton_step(np.array([1.0, 2.0, 0.0]), J)
    check_close(got, np.array([0.0, -1.0]), rtol=tol.reference, atol=1e-15, name="gauss_newton_step(r, J)")


@pytest.mark.part("gauss_newton_step")
def test_gauss_newton_step_solves_linear_least_squares(exercise, tol):
    """For linear residuals r(p) = A p − y, does p0 + d land on the least-squares solution np.linalg.lstsq(A, y)?"""
    A_tall = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.2], [-1.0, 1.5], [0.0, 2.5]])
    y, p0 = np.array([1.0, 0.0, -2.0, 0.5, 3.0]), np.array([0.3, -0.7])
    d = exercise.gauss_newton_step(A_tall @ p0 - y, A_tall)
    best, *_ = np.linalg.lstsq(A_tall, y, rcond=None)
    check_close(p0 + d, best, rtol=tol.oracle, name="p0 + gauss_newton_step, against lstsq(A, y)")


@pytest.mark.part("gauss_newton")
def test_gauss_newton_recovers_exact_parameters(exercise, tol):
    """With exact data from y = 2·exp(−0.8 t) + 0.5, do 8 steps from (1.7, 0.95, 0.4) recover (2, 0.8, 0.5)?"""
    problem = ExponentialDecayFit(t=T, y=TRUTH[0] * np.exp(-TRUTH[1] * T) + TRUTH[2])
    got = exercise.gauss_newton(problem.residuals, problem.jacobian, P0, 8)
    trajectory_shape(got, (9, 3), "gauss_newton(residuals, jacobian, p0, 8)")
    check_close(got[0], P0, rtol=tol.reference, name="row 0 of the trajectory (p0)")
    check_close(got[-1], TRUTH, rtol=tol.oracle, name="the last row, against the true (a, b, c)")


@pytest.mark.part("gauss_newton")
def test_gauss_newton_on_noisy_data_makes_the_gradient_vanish(exercise, tol):
    """With noisy data, is the gradient Jᵀr at the last of 10 steps a tiny fraction of its value at p0?"""
    noise = 0.03 * np.array([1.0, -0.6, 0.2, 0.9, -1.1, 0.4, -0.3, 0.8, -0.9, 0.1, 0.5, -0.7])
    problem = ExponentialDecayFit(t=T, y=TRUTH[0] * np.exp(-TRUTH[1] * T) + TRUTH[2] + noise)
    got = exercise.gauss_newton(problem.residuals, problem.jacobian, P0, 10)
    trajectory_shape(got, (11, 3), "gauss_newton(residuals, jacobian, p0, 10)")
    start, end = np.linalg.norm(problem.grad(P0)), np.linalg.norm(problem.grad(got[-1]))
    assert np.isfinite(end) and end <= 1e-8 * start, (
        f"at your last point the gradient Jᵀr has norm {end:.2e} (it was {start:.2e} at p0): at a least-squares fit "
        "it vanishes")
