"""Hidden tests for gradient_stability: randomised per student, never shipped.

The networks have distinct widths (a product in the wrong order, or a transposed factor, fails on
shapes) and square, non-symmetric layers (where the same mistakes give wrong values instead).
Pre-activations are of order 1, so every tanh'(z) is well away from 0. Oracles independent of the
reference's code: central differences of the network itself; for power iteration, its closed form
in the singular basis of J, and the textbook bound on its distance to σ_max.
"""

import numpy as np

from jackit.checks import CheckFailure, check_close, check_jacobian
from jackit.grading import part
from jackit.oracles import numerical_jacobian
from jackit.problems.deep_networks import DeepTanhNetwork

# --------------------------------------------------------------------------------------------
# Inputs


def network(rng, widths, gain=(0.8, 1.4)):
    """An input x ~ N(0, I) and layers W_l ~ N(0, g²/d_{l−1}): pre-activations of order g."""
    x = rng.standard_normal(widths[0])
    weights = [rng.uniform(*gain) * rng.standard_normal((d_out, d_in)) / np.sqrt(d_in)
               for d_in, d_out in zip(widths[:-1], widths[1:])]
    return x, weights


def describe(widths):
    return "the network of widths " + " → ".join(str(d) for d in widths)


def as_list(result, count, what):
    """The student's list (or tuple) of `count` values, or a failure that says what came back instead."""
    if type(result) in (list, tuple) and len(result) == count:
        return list(result)
    found = f"a {type(result).__name__} of length {len(result)}" if type(result) in (list, tuple) \
        else f"a {type(result).__name__}"
    raise CheckFailure(f"{what} should return a list of {count} arrays (one per layer), found {found}.",
                       kind="type", name=what)


def check_layer_jacobians(got, reference, x, weights, tol, what):
    got = as_list(got, len(weights), what)
    for l, (J, expected) in enumerate(zip(got, reference.layer_jacobians(x, weights)), start=1):
        check_close(J, expected, rtol=tol.reference, name=f"J_{l}, the Jacobian of layer {l}, in {what}")
    return got


def check_end_to_end(student, reference, x, weights, tol, widths):
    what = f"end_to_end_jacobian(x, weights) for {describe(widths)}"
    got = student.end_to_end_jacobian(x, weights)
    check_close(got, reference.end_to_end_jacobian(x, weights), rtol=tol.reference, name=what)
    return got, what


# --------------------------------------------------------------------------------------------
# Part "jacobians": layer_jacobians(x, weights), end_to_end_jacobian(x, weights)


@part("jacobians", weight=2)
def test_layer_jacobians_match_the_reference(student, reference, rng, tol):
    """Is every J_l = diag(tanh'(z_l)) W_l right, on networks of widths 3 → 3 → 3 → 3 and 4 → 3 → 5 → 2?"""
    for widths in [(3, 3, 3, 3), (4, 3, 5, 2)]:  # square first: a mistake that fails on shapes shows its values
        x, weights = network(rng, widths)
        check_layer_jacobians(student.layer_jacobians(x, weights), reference, x, weights, tol,
                              f"layer_jacobians(x, weights) for {describe(widths)}")


@part("jacobians")
def test_layer_jacobians_agree_with_finite_differences(student, reference, rng, tol):
    """Is each J_l the Jacobian of h_{l−1} ↦ tanh(W_l h_{l−1}) at the network's own h_{l−1} (central differences)?"""
    widths = (5, 4, 6, 3)
    x, weights = network(rng, widths)
    what = f"layer_jacobians(x, weights) for {describe(widths)}"
    got = check_layer_jacobians(student.layer_jacobians(x, weights), reference, x, weights, tol, what)
    for l, (W, J) in enumerate(zip(weights, got), start=1):
        h_before = reference.tanh_network(x, weights[:l - 1])
        check_jacobian(lambda h: reference.tanh_network(h, [W]), h_before, J, rtol=tol.oracle,
                       name=f"J_{l} in {what}, against central differences of layer {l}")


@part("jacobians", weight=2)
def test_end_to_end_matches_the_reference(student, reference, rng, tol):
    """Is J = J_L ⋯ J_1 right on networks of widths 3 → 3 → 3 → 3, 4 → 3 → 5 → 2 and 2 → 5 → 3 → 4 → 6?"""
    for widths in [(3, 3, 3, 3), (4, 3, 5, 2), (2, 5, 3, 4, 6)]:  # square first, as above
        x, weights = network(rng, widths)
        check_end_to_end(student, reference, x, weights, tol, widths)


@part("jacobians")
def test_end_to_end_agrees_with_finite_differences(student, reference, rng, tol):
    """At two inputs, is J the Jacobian of the whole network x ↦ h_L, by central differences?"""
    widths = (5, 4, 6, 3)
    _, weights = network(rng, widths)
    for x in rng.standard_normal((2, widths[0])):
        got, what = check_end_to_end(student, reference, x, weights, tol, widths)
        check_jacobian(lambda v: reference.tanh_network(v, weights), x, got, rtol=tol.oracle,
                       name=f"{what}, against central differences of the network")


@part("jacobians")
def test_a_network_of_one_layer(student, reference, rng, tol):
    """With a single layer 4 → 1, is there one layer Jacobian of shape (1, 4), and is it the whole Jacobian?"""
    widths = (4, 1)
    x, weights = network(rng, widths)
    check_layer_jacobians(student.layer_jacobians(x, weights), reference, x, weights, tol,
                          f"layer_jacobians(x, weights) for {describe(widths)}")
    check_end_to_end(student, reference, x, weights, tol, widths)


# --------------------------------------------------------------------------------------------
# Part "power_iteration": spectral_norm_power_iteration(jvp, vjp, u0, n_iters)


def network_with_gap(rng, widths, smallest, largest):
    """A network whose Jacobian has σ₂/σ₁ in [smallest, largest]: every iteration visibly moves the estimate
    (a larger gap would hide an iteration too many or too few) and the iterates converge (a smaller one would not)."""
    while True:
        x, weights = network(rng, widths)
        problem = DeepTanhNetwork.from_layers(weights, x)
        sigma = np.linalg.svd(problem.jacobian(), compute_uv=False)
        if smallest <= sigma[1] / sigma[0] <= largest:
            return problem


def closed_form_estimate(J, u0, n_iters):
    """‖J u_n‖ in the singular basis: with u0 = Σ c_i v_i, u_n ∝ Σ c_i σ_i^(2n) v_i, so
    ‖J u_n‖² = Σ c_i² σ_i^(4n+2) / Σ c_i² σ_i^(4n) (σ_i = 0 on the null space, and 0⁰ = 1)."""
    _, sigma, Vt = np.linalg.svd(J, full_matrices=True)
    ratios = np.zeros(J.shape[1])
    ratios[:sigma.size] = sigma / sigma[0]  # scaled by σ₁: no overflow for any n
    c2 = (Vt @ u0) ** 2
    return float(sigma[0] * np.sqrt(np.sum(c2 * ratios ** (4 * n_iters + 2)) / np.sum(c2 * ratios ** (4 * n_iters))))


def power_iteration_bound(J, u0, n_iters):
    """0 ≤ 1 − σ_est/σ₁ ≤ tan²θ₀ (σ₂/σ₁)^(4n), θ₀ the angle between u0 and the top right singular vector."""
    _, sigma, Vt = np.linalg.svd(J)
    c2 = (Vt @ u0) ** 2
    return float((u0 @ u0 - c2[0]) / c2[0] * (sigma[1] / sigma[0]) ** (4 * n_iters))


def estimate(student, problem, u0, n_iters, widths):
    what = f"spectral_norm_power_iteration(jvp, vjp, u0, {n_iters}) for {describe(widths)}"
    return student.spectral_norm_power_iteration(problem.callback("jvp"), problem.callback("vjp"), u0,
                                                 n_iters), what


@part("power_iteration", weight=2)
def test_estimate_matches_the_reference_iterate(student, reference, rng, tol):
    """After 1, 2 and 3 iterations from a given u0, is the estimate ‖J u_n‖ the reference's, on a square,
    a wide and a tall Jacobian?"""
    for widths, n_iters in zip([(4, 6, 3, 4), (6, 4, 3), (3, 5, 7)], rng.permutation([1, 2, 3])):
        problem = network_with_gap(rng, widths, 0.3, 0.9)
        u0 = rng.uniform(0.5, 3.0) * rng.standard_normal(widths[0])
        got, what = estimate(student, problem, u0, int(n_iters), widths)
        check_close(got, reference.spectral_norm_power_iteration(problem.jvp, problem.vjp, u0, int(n_iters)),
                    rtol=tol.reference, name=what)
        check_close(got, closed_form_estimate(problem.jacobian(), u0, int(n_iters)), rtol=tol.oracle,
                    name=f"{what}, against power iteration in the singular basis of J")


@part("power_iteration")
def test_estimate_converges_to_the_spectral_norm(student, reference, rng, tol):
    """With enough iterations, is the estimate within the power-iteration bound of np.linalg.norm(J, 2)?"""
    for widths in [(5, 4, 6, 3), (3, 6, 4)]:
        problem = network_with_gap(rng, widths, 0.0, 0.8)
        J, u0 = problem.jacobian(), rng.standard_normal(widths[0])
        needed = np.log(1e-11 / max(power_iteration_bound(J, u0, 0), 1e-300)) / (4 * np.log(0.8))
        n_iters = int(np.clip(np.ceil(needed), 10, 200))
        got, what = estimate(student, problem, u0, n_iters, widths)
        check_close(got, reference.spectral_norm_power_iteration(problem.jvp, problem.vjp, u0, n_iters),
                    rtol=tol.reference, name=what)
        bound = power_iteration_bound(J, u0, n_iters)
        check_close(got, np.linalg.norm(J, 2), rtol=bound + tol.reference,
                    name=f"{what}, against σ_max(J) = np.linalg.norm(J, 2) (power iteration's error bound "
                         f"after {n_iters} iterations: {bound:.1e})")


@part("power_iteration")
def test_zero_iterations_give_the_norm_of_J_along_u0(student, reference, rng, tol):
    """With n_iters = 0 and u0 not of norm 1, is the estimate ‖J u0‖ / ‖u0‖?"""
    widths = (6, 5, 4)
    x, weights = network(rng, widths)
    problem = DeepTanhNetwork.from_layers(weights, x)
    u0 = rng.uniform(2.0, 5.0) * rng.standard_normal(widths[0])
    got, what = estimate(student, problem, u0, 0, widths)
    check_close(got, reference.spectral_norm_power_iteration(problem.jvp, problem.vjp, u0, 0),
                rtol=tol.reference, name=what)
    check_close(got, np.linalg.norm(problem.jacobian() @ u0) / np.linalg.norm(u0), rtol=tol.oracle,
                name=f"{what}, against ‖J u0‖ / ‖u0‖")


# --------------------------------------------------------------------------------------------
# Part "initialisation": init_scale(fan_in, fan_out, kind)


def fans(rng):
    """Two distinct layer sizes (fan_in ≠ fan_out shows which of them a formula uses)."""
    a, b = rng.choice(np.arange(3, 600), size=2, replace=False)
    return int(a), int(b)


def check_scale(student, reference, fan_in, fan_out, kind, tol):
    what = f'init_scale({fan_in}, {fan_out}, "{kind}")'
    got = student.init_scale(fan_in, fan_out, kind)
    check_close(got, reference.init_scale(fan_in, fan_out, kind), rtol=tol.reference, name=what)
    return got, what


@part("initialisation", weight=2)
def test_xavier_scale(student, reference, rng, tol):
    """Is the Xavier scale √(2 / (fan_in + fan_out)), the same for a layer and its transpose?"""
    a, b = fans(rng)
    for fan_in, fan_out in [(a, b), (b, a), (a, a)]:
        got, what = check_scale(student, reference, fan_in, fan_out, "xavier", tol)
        check_close(np.square(got) * (fan_in + fan_out) / 2, 1.0, rtol=tol.reference,
                    name=f"the variance s² of {what}, times the mean fan (fan_in + fan_out) / 2")


@part("initialisation")
def test_kaiming_scale(student, reference, rng, tol):
    """Is the Kaiming scale √(2 / fan_in), whatever fan_out is?"""
    a, b = fans(rng)
    for fan_in, fan_out in [(a, b), (a, 2 * b + 1)]:
        got, what = check_scale(student, reference, fan_in, fan_out, "kaiming", tol)
        check_close(np.square(got) * fan_in / 2, 1.0, rtol=tol.reference,
                    name=f"the variance s² of {what}, times fan_in / 2")


# --------------------------------------------------------------------------------------------
# Part "depth": norms_by_depth(width, depth, std, seed, activation)


def live_seed(rng, reference, width, depth, std, activation):
    """A seed whose network keeps every norm positive (no ReLU layer with every unit off)."""
    while True:
        seed = int(rng.integers(2**31))
        if np.all(reference.norms_by_depth(width, depth, std, seed, activation) > 0):
            return seed


def check_norms(student, reference, width, depth, std, seed, activation, tol):
    what = f'norms_by_depth({width}, {depth}, {std:.4g}, {seed}, "{activation}")'
    got = student.norms_by_depth(width, depth, std, seed, activation)
    check_close(got, reference.norms_by_depth(width, depth, std, seed, activation), rtol=tol.reference, name=what)
    return got, what


@part("depth", weight=2)
def test_norms_match_the_reference(student, reference, rng, tol):
    """Do the norms ‖J_l ⋯ J_1‖₂ match, for tanh, ReLU and linear networks, vanishing or exploding?"""
    for activation, width, fan_scale in [("tanh", 7, 1.0), ("relu", 9, 2.0), ("linear", 6, 1.0)]:
        depth = int(rng.integers(8, 13))
        std = float(rng.choice([0.5, 1.0, 1.6, 2.2]) * rng.uniform(0.9, 1.1) * np.sqrt(fan_scale / width))
        seed = live_seed(rng, reference, width, depth, std, activation)
        check_norms(student, reference, width, depth, std, seed, activation, tol)


@part("depth")
def test_norms_agree_with_finite_differences(student, reference, rng, tol):
    """For a tanh network, is each norm the spectral norm of the Jacobian of the first l layers (central differences)?"""
    width, depth = 5, 4
    std = float(rng.uniform(0.8, 1.3) / np.sqrt(width))
    seed = int(rng.integers(2**31))
    got, what = check_norms(student, reference, width, depth, std, seed, "tanh", tol)
    x, weights = reference.random_network(width, depth, std, seed)
    for l in range(1, depth + 1):
        J = numerical_jacobian(lambda v: reference.tanh_network(v, weights[:l]), x)
        check_close(got[l - 1], np.linalg.norm(J, 2), rtol=tol.oracle,
                    name=f"entry {l - 1} of {what}, against ‖J‖₂ of the first {l} layers by central differences")


@part("depth")
def test_a_network_of_depth_one(student, reference, rng, tol):
    """With one layer, is the single norm ‖W_1‖₂ (linear), and ‖diag(φ'(z_1)) W_1‖₂ (ReLU)?"""
    width = 6
    std = float(rng.uniform(0.8, 1.3) * np.sqrt(2.0 / width))
    for activation in ("linear", "relu"):
        seed = live_seed(rng, reference, width, 1, std, activation)
        got, what = check_norms(student, reference, width, 1, std, seed, activation, tol)
        if activation == "linear":
            _, (W,) = reference.random_network(width, 1, std, seed)
            check_close(got, np.array([np.linalg.norm(W, 2)]), rtol=tol.oracle, name=f"{what}, against [‖W_1‖₂]")
