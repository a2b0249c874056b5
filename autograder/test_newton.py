"""Hidden tests for exercise 6, newton: randomised per student, never shipped.

Newton and Gauss–Newton are deterministic, so steps and trajectories are compared with the
reference's on the same inputs (tol.reference). Every problem is kept well conditioned so that other
correct solvers (Cholesky, lstsq, QR, even an explicit inverse) agree with np.linalg.solve far below
that tolerance (measured: ≤ 2e-14 relative): SPD matrices with eigenvalues in [0.5, 5], Jacobians
built from singular values in [0.5, 3], Rosenbrock valleys with b ≤ 50 started just below the valley
floor (the Hessian stays positive definite along the way, condition number ≲ 4e3), exponential-decay
fits with cond(J) ≲ 100. The oracles do not use the reference: H d = −g, the quadratic's minimiser,
the minimum (a, a²) of Rosenbrock and the squaring of the errors near it, J d = −r for a square J,
np.linalg.lstsq for linear residuals, the trusted fit's gradient Jᵀr at the student's last point.
"""

import numpy as np

from jackit.checks import CheckFailure, check_close
from jackit.grading import part
from jackit.problems.curve_fit import ExponentialDecayFit
from jackit.problems.quadratic import Quadratic
from jackit.problems.rosenbrock import Rosenbrock

# --------------------------------------------------------------------------------------------
# Inputs


def rotation(rng, n):
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return Q


def spd_matrix(rng, n):
    """A random symmetric positive definite (n, n) matrix with eigenvalues in [0.5, 5]: not diagonal."""
    Q = rotation(rng, n)
    A = (Q * rng.uniform(0.5, 5.0, size=n)) @ Q.T
    return (A + A.T) / 2  # exactly symmetric


def full_rank_jacobian(rng, m, k):
    """A random non-symmetric (m, k) matrix, m ≥ k, with singular values in [0.5, 3]."""
    return (rotation(rng, m)[:, :k] * rng.uniform(0.5, 3.0, size=k)) @ rotation(rng, k).T


def quadratic(rng, n):
    return Quadratic(A=spd_matrix(rng, n), b=rng.standard_normal(n))


def rosenbrock_setup(rng):
    """A banana valley (b ≤ 50) and a start just below its floor y = x², 0.03 to 0.15 from the minimum in x.

    From there the Hessian stays positive definite at every Newton iterate, and the iterates reach
    the minimum to rounding within 8 steps.
    """
    a, b = float(rng.uniform(0.6, 1.4)), float(rng.uniform(5.0, 50.0))
    x = a + rng.choice([-1.0, 1.0]) * rng.uniform(0.03, 0.15)
    return Rosenbrock(a=a, b=b), np.array([x, x * x - rng.uniform(0.002, 0.02)])


def decay_fit(rng, noise):
    """Data from y = a·exp(−b t) + c (+ Gaussian noise), its true parameters, and a start 5–20 % off each."""
    m = int(rng.integers(15, 31))
    t = np.sort(rng.uniform(0.0, 3.0, size=m))
    truth = np.array([rng.choice([-1.0, 1.0]) * rng.uniform(1.0, 3.0), rng.uniform(0.5, 1.5), rng.uniform(-1.0, 1.0)])
    y = truth[0] * np.exp(-truth[1] * t) + truth[2] + noise * rng.standard_normal(m)
    p0 = truth * (1.0 + rng.choice([-1.0, 1.0], size=3) * rng.uniform(0.05, 0.2, size=3))
    return ExponentialDecayFit(t=t, y=y), truth, p0


def trajectory_of(got, n_rows, n, name, start="x0"):
    """The student's trajectory once it is a finite float64 array of shape (n_rows, n); else a failure."""
    shape = (n_rows, n)
    if not isinstance(got, np.ndarray):
        raise CheckFailure(f"{name} should return a float64 array of shape {shape}, found {type(got).__name__}",
                           kind="type", name=name, expected_shape=shape)
    if got.shape != shape:
        raise CheckFailure(f"{name} should return shape {shape} (one row per iterate, {start} first), found shape "
                           f"{got.shape}", kind="shape", name=name, expected_shape=shape, found_shape=got.shape)
    if got.dtype != np.float64:
        raise CheckFailure(f"{name} should return float64 values, found {got.dtype}", kind="dtype", name=name,
                           expected_shape=shape, found_shape=got.shape)
    if not np.all(np.isfinite(got)):
        raise CheckFailure(f"{name} returned values that are not finite (the iterates blew up)", kind="not_finite",
                           name=name, expected_shape=shape, found_shape=got.shape)
    return got


# --------------------------------------------------------------------------------------------
# Part "newton_step": newton_step(grad_x, hess_x)


@part("newton_step", weight=2)
def test_step_matches_the_reference_in_1_3_and_6_dimensions(student, reference, rng, tol):
    """In 1, 3 and 6 dimensions, with SPD Hessians and Gaussian gradients, is the step the reference's?"""
    for n in (1, 3, 6):
        H, g = spd_matrix(rng, n), rng.standard_normal(n)
        check_close(student.newton_step(g, H), reference.newton_step(g, H), rtol=tol.reference,
                    name=f"newton_step in {n} dimension{'s' if n > 1 else ''}")


@part("newton_step")
def test_step_solves_h_d_equals_minus_g(student, reference, rng, tol):
    """Does the step d solve H d = −g for a 5 × 5 SPD Hessian?"""
    H, g = spd_matrix(rng, 5), rng.standard_normal(5)
    d = student.newton_step(g, H)
    check_close(d, reference.newton_step(g, H), rtol=tol.reference, name="newton_step in 5 dimensions")
    check_close(H @ d, -g, rtol=tol.oracle, name="H d for your step d, against −g")


@part("newton_step")
def test_one_step_lands_on_the_minimiser_of_a_quadratic(student, reference, rng, tol):
    """On quadratics in 2 and 4 dimensions, does x0 + d land on the minimiser A⁻¹b?"""
    for n in (2, 4):
        problem = quadratic(rng, n)
        x0 = problem.minimizer() + rng.standard_normal(n)
        d = student.newton_step(problem.grad(x0), problem.hess(x0))
        check_close(d, problem.minimizer() - x0, rtol=tol.oracle,
                    name=f"newton_step on a quadratic in {n} dimensions, against A⁻¹b − x0")


# --------------------------------------------------------------------------------------------
# Part "newton_method": newton_method(grad, hess, x0, n_steps)


@part("newton_method", weight=2)
def test_trajectory_matches_the_reference_on_rosenbrock_and_a_quadratic(student, reference, rng, tol):
    """On two Rosenbrock valleys and a quadratic in 5 dimensions, is the trajectory (x0 first) the reference's?"""
    for _ in range(2):
        problem, x0 = rosenbrock_setup(rng)
        n_steps = int(rng.integers(3, 7))
        got = student.newton_method(problem.callback("grad"), problem.callback("hess"), x0, n_steps)
        check_close(got, reference.newton_method(problem.grad, problem.hess, x0, n_steps), rtol=tol.reference,
                    name=f"newton_method on Rosenbrock (a = {problem.a:.3f}, b = {problem.b:.1f}), {n_steps} steps")
    problem = quadratic(rng, 5)
    x0 = problem.minimizer() + rng.standard_normal(5)
    got = student.newton_method(problem.callback("grad"), problem.callback("hess"), x0, 3)
    check_close(got, reference.newton_method(problem.grad, problem.hess, x0, 3), rtol=tol.reference,
                name="newton_method on a quadratic in 5 dimensions, 3 steps")


@part("newton_method")
def test_errors_square_near_the_minimum_of_rosenbrock(student, reference, rng, tol):
    """Does the student's own trajectory on Rosenbrock start at x0, reach (a, a²), and square its errors near it?"""
    problem, x0 = rosenbrock_setup(rng)
    n_steps = 8
    name = f"newton_method on Rosenbrock (a = {problem.a:.3f}, b = {problem.b:.1f}), {n_steps} steps"
    got = trajectory_of(student.newton_method(problem.callback("grad"), problem.callback("hess"), x0, n_steps),
                        n_steps + 1, 2, name)
    x_star = problem.minimizer()
    check_close(got[0], x0, rtol=tol.reference, name=f"the first row of {name} (x0)")
    check_close(got[-1], x_star, rtol=tol.oracle, name=f"the last row of {name}, against the minimum (a, a²)")
    errors = np.linalg.norm(got - x_star, axis=1)
    C = 100.0 * problem.b  # the reference's worst e_{k+1} / e_k² here is ≈ 12 b
    for k in range(n_steps):
        e, e_next = errors[k], errors[k + 1]
        if e <= 1e-2 and e_next >= 1e-9 and e_next > C * e**2:
            raise CheckFailure(f"{name}: step {k + 1} took the distance to the minimum from {e:.2e} to {e_next:.2e}; "
                               f"near the minimum Newton's method squares it (at most {C:.0f} e² = {C * e**2:.1e}): "
                               "convergence this slow is linear, not quadratic", kind="value", name=name)


@part("newton_method")
def test_zero_steps_and_one_step(student, reference, rng, tol):
    """Is the trajectory of 0 steps the single row x0, and that of 1 step [x0, x0 + d]?"""
    problem, x0 = rosenbrock_setup(rng)
    grad, hess = problem.callback("grad"), problem.callback("hess")
    check_close(student.newton_method(grad, hess, x0, 0), x0[None, :], rtol=tol.reference,
                name="newton_method with n_steps = 0 (only x0, shape (1, 2))")
    d = np.linalg.solve(problem.hess(x0), -problem.grad(x0))
    check_close(student.newton_method(grad, hess, x0, 1), np.stack([x0, x0 + d]), rtol=tol.reference,
                name="newton_method with n_steps = 1")


# --------------------------------------------------------------------------------------------
# Part "gauss_newton_step": gauss_newton_step(residuals_p, jacobian_p)


@part("gauss_newton_step", weight=2)
def test_gauss_newton_step_on_square_and_tall_jacobians(student, reference, rng, tol):
    """For a square 3 × 3 Jacobian (d = −J⁻¹r) and tall 8 × 3 and 12 × 5 ones, is the step the reference's?"""
    J, r = full_rank_jacobian(rng, 3, 3), rng.standard_normal(3)
    d = student.gauss_newton_step(r, J)
    check_close(d, reference.gauss_newton_step(r, J), rtol=tol.reference, name="gauss_newton_step with a 3 × 3 J")
    check_close(J @ d, -r, rtol=tol.oracle, name="J d for a square J, against −r")
    for m, k in ((8, 3), (12, 5)):
        J, r = full_rank_jacobian(rng, m, k), rng.standard_normal(m)
        check_close(student.gauss_newton_step(r, J), reference.gauss_newton_step(r, J), rtol=tol.reference,
                    name=f"gauss_newton_step with a {m} × {k} J")


@part("gauss_newton_step")
def test_step_solves_a_linear_least_squares_problem(student, reference, rng, tol):
    """For linear residuals r(p) = A p − y (A 9 × 4), does p0 + d land on the least-squares solution?"""
    A, y, p0 = full_rank_jacobian(rng, 9, 4), rng.standard_normal(9), rng.standard_normal(4)
    d = student.gauss_newton_step(A @ p0 - y, A)
    best, *_ = np.linalg.lstsq(A, y, rcond=None)
    check_close(d, best - p0, rtol=tol.oracle, name="gauss_newton_step for r(p) = A p − y, against lstsq(A, y) − p0")


# --------------------------------------------------------------------------------------------
# Part "gauss_newton": gauss_newton(residuals, jacobian, p0, n_steps)


@part("gauss_newton", weight=2)
def test_fit_trajectory_matches_the_reference(student, reference, rng, tol):
    """On two noisy fits of y = a·exp(−b t) + c, is the Gauss–Newton trajectory (p0 first) the reference's?"""
    for _ in range(2):
        problem, _, p0 = decay_fit(rng, noise=0.02)
        n_steps = int(rng.integers(3, 8))
        got = student.gauss_newton(problem.callback("residuals"), problem.callback("jacobian"), p0, n_steps)
        check_close(got, reference.gauss_newton(problem.residuals, problem.jacobian, p0, n_steps), rtol=tol.reference,
                    name=f"gauss_newton on {problem.t.size} noisy points, {n_steps} steps")


@part("gauss_newton")
def test_noisy_fit_ends_where_the_gradient_vanishes(student, reference, rng, tol):
    """On a noisy fit, does the student's own last point make the gradient Jᵀr vanish (a least-squares fit)?"""
    problem, _, p0 = decay_fit(rng, noise=0.02)
    n_steps = 10
    name = f"gauss_newton on {problem.t.size} noisy points, {n_steps} steps"
    got = trajectory_of(student.gauss_newton(problem.callback("residuals"), problem.callback("jacobian"), p0,
                                             n_steps), n_steps + 1, 3, name, start="p0")
    check_close(got[0], p0, rtol=tol.reference, name=f"the first row of {name} (p0)")
    start, end = np.linalg.norm(problem.grad(p0)), np.linalg.norm(problem.grad(got[-1]))
    if not end <= 1e-8 * start:  # the reference reaches below 1e-11 · start
        raise CheckFailure(f"{name}: at your last point the gradient Jᵀr has norm {end:.2e} (it was {start:.2e} at "
                           "p0); at a least-squares fit it vanishes", kind="value", name=name)


@part("gauss_newton")
def test_exact_data_recover_the_true_parameters(student, reference, rng, tol):
    """With noise-free data, do 8 steps recover the true (a, b, c), and is a run of 0 steps [p0]?"""
    problem, truth, p0 = decay_fit(rng, noise=0.0)
    residuals, jacobian = problem.callback("residuals"), problem.callback("jacobian")
    got = trajectory_of(student.gauss_newton(residuals, jacobian, p0, 8), 9, 3, "gauss_newton on exact data, 8 steps",
                        start="p0")
    check_close(got[0], p0, rtol=tol.reference, name="the first row of gauss_newton on exact data (p0)")
    check_close(got[-1], truth, rtol=tol.oracle,
                name="the last row of gauss_newton on exact data, against the true (a, b, c)")
    check_close(student.gauss_newton(residuals, jacobian, p0, 0), p0[None, :], rtol=tol.reference,
                name="gauss_newton with n_steps = 0 (only p0, shape (1, 3))")
