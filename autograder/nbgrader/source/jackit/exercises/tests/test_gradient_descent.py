"""Self-checks for exercise 5, gradient_descent. Run: pytest exercises/tests/test_gradient_descent.py"""

import numpy as np
import pytest

from jackit.checks import check_close
from jackit.problems.quadratic import Quadratic
from jackit.problems.rosenbrock import Rosenbrock

# L(x) = ½ xᵀA x − bᵀx with eigenvalues 1 and 3 (eigenvectors (1, −1) and (1, 1)): L = 3, so η < 2/3.
A = np.array([[2.0, 1.0], [1.0, 2.0]])
B = np.array([1.0, -1.0])
QUADRATIC = Quadratic(A=A, b=B)
X0 = np.array([2.0, 0.5])


@pytest.mark.part("descent")
def test_two_steps_on_half_the_squared_norm(exercise, tol):
    """For L(x) = ½‖x‖² (∇L(x) = x) and η = 0.5, is the trajectory [x0, x0/2, x0/4], x0 first?"""
    x0 = np.array([4.0, -2.0, 1.0])
    got = exercise.gradient_descent(lambda x: x, x0, 0.5, 2)
    check_close(got, np.stack([x0, x0 / 2, x0 / 4]), rtol=tol.reference,
                name="gradient_descent(∇½‖x‖², x0, 0.5, 2), shape (3, 3)")


@pytest.mark.part("descent")
def test_trajectory_on_a_quadratic_is_the_closed_form(exercise, tol):
    """On the quadratic, is row k equal to x* + (I − ηA)ᵏ (x0 − x*), for k = 0 … 10?"""
    step, n_steps = 0.3, 10
    x_star = np.linalg.solve(A, B)
    M = np.eye(2) - step * A
    expected = np.stack([x_star + np.linalg.matrix_power(M, k) @ (X0 - x_star) for k in range(n_steps + 1)])
    got = exercise.gradient_descent(QUADRATIC.grad, X0, step, n_steps)
    check_close(got, expected, rtol=tol.oracle, name="gradient_descent on the quadratic, η = 0.3")


@pytest.mark.part("stopping")
def test_descend_until_stops_before_the_step(exercise, tol):
    """With ∇L(x) = x, η = 0.5 from 8 (gradient norms 8, 4, 2, 1, …), does tol = 3 stop at x = 2 after 2 steps?"""
    x, k = exercise.descend_until(lambda x: x, np.array([8.0]), 0.5, 3.0, 10)
    check_close(k, 2, rtol=0.0, name="the number of steps k (‖∇L(x_k)‖ < tol first holds at x_2 = 2)")
    check_close(x, np.array([2.0]), rtol=tol.reference, name="the point x where descent stopped")


@pytest.mark.part("stopping")
def test_descend_until_returns_x0_when_already_small(exercise, tol):
    """If ‖∇L(x0)‖ < tol already, is (x0, 0) returned without taking a step?"""
    x, k = exercise.descend_until(lambda x: x, np.array([0.3, -0.4]), 0.5, 1.0, 10)
    check_close(k, 0, rtol=0.0, name="the number of steps k")
    check_close(x, np.array([0.3, -0.4]), rtol=tol.reference, name="the point x (should be x0)")


@pytest.mark.part("stopping")
def test_descend_until_stops_when_the_budget_is_spent(exercise, tol):
    """With max_steps = 2 and a tol never reached, is (x_2, 2) returned?"""
    x, k = exercise.descend_until(lambda x: x, np.array([8.0]), 0.5, 1e-9, 2)
    check_close(k, 2, rtol=0.0, name="the number of steps k")
    check_close(x, np.array([2.0]), rtol=tol.reference, name="the point x after max_steps steps")


@pytest.mark.part("stability")
def test_max_stable_step_is_2_over_the_largest_eigenvalue(exercise, tol):
    """Is the bound 2/3 for [[2, 1], [1, 2]] (eigenvalues 1 and 3) and 1/2 for diag(1, 4, 0.5)?"""
    check_close(exercise.max_stable_step(A), 2.0 / 3.0, rtol=tol.reference, name="max_stable_step([[2, 1], [1, 2]])")
    check_close(exercise.max_stable_step(np.diag([1.0, 4.0, 0.5])), 0.5, rtol=tol.reference,
                name="max_stable_step(diag(1, 4, 0.5))")


@pytest.mark.part("stability")
def test_contraction_factor_below_and_beyond_the_bound(exercise, tol):
    """For eigenvalues 1 and 3, is ρ(0.2) = |1 − 0.2| = 0.8 and ρ(0.8) = |1 − 2.4| = 1.4 (divergence)?"""
    check_close(exercise.contraction_factor(A, 0.2), 0.8, rtol=tol.reference, name="contraction_factor(A, 0.2)")
    check_close(exercise.contraction_factor(A, 0.8), 1.4, rtol=tol.reference, name="contraction_factor(A, 0.8)")


@pytest.mark.part("rosenbrock")
def test_descent_run_records_the_loss_at_every_iterate(exercise, tol):
    """For L(x) = ½‖x‖², η = 0.5, are the values [L(x0), L(x1), L(x2)] = [10, 2.5, 0.625]?"""
    trajectory, values = exercise.descent_run(lambda x: 0.5 * x @ x, lambda x: x, np.array([4.0, -2.0]), 0.5, 2)
    check_close(trajectory, np.array([[4.0, -2.0], [2.0, -1.0], [1.0, -0.5]]), rtol=tol.reference,
                name="the trajectory")
    check_close(values, np.array([10.0, 2.5, 0.625]), rtol=tol.reference, name="the values, shape (3,)")


@pytest.mark.part("rosenbrock")
def test_descent_run_on_rosenbrock_decreases_the_loss(exercise, tol):
    """On Rosenbrock from (−1.2, 1) with η = 0.001, does L fall at every one of 500 steps, from 24.2?"""
    problem = Rosenbrock()
    trajectory, values = exercise.descent_run(problem.value, problem.grad, np.array([-1.2, 1.0]), 1e-3, 500)
    check_close(values, np.array([problem.value(x) for x in trajectory]), rtol=tol.reference,
                name="the values against L at each point of your trajectory")
    check_close(values[0], 24.2, rtol=tol.reference, name="values[0] = L(−1.2, 1)")
    increases = np.flatnonzero(np.diff(values) >= 0)
    assert increases.size == 0, f"L went up at step {increases[0] + 1}: is the step x − η∇L(x), downhill?"
