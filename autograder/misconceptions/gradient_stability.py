"""Catalogued mistakes in gradient_stability, each with the note a teaching assistant would write."""

import numpy as np

from jackit.grading import misconception


def _layers(x, weights, slope):
    """Layer Jacobians with a (possibly wrong) slope(z, h) -> the factor of row i, and W as given."""
    h, jacobians = np.asarray(x, dtype=float), []
    for W in weights:
        z = W @ h
        h = np.tanh(z)
        jacobians.append(slope(z, h)[:, None] * W)
    return jacobians


def _chain(jacobians):
    """J_L ⋯ J_1, the right order."""
    J = jacobians[0]
    for J_l in jacobians[1:]:
        J = J_l @ J
    return J


# --------------------------------------------------------------------------------------------
# layer_jacobians


@misconception("layer_jacobians", "tanh' is evaluated at the pre-activation z_l: tanh'(z_l) = 1 − tanh²(z_l) = "
                                  "1 − h_l². You applied it to the activation h_l = tanh(z_l), which takes tanh twice.")
def slope_at_the_activation(reference, x, weights):
    return _layers(x, weights, lambda z, h: 1.0 - np.tanh(h) ** 2)


@misconception("layer_jacobians", "1 − h² is tanh' written with the activation h_l = tanh(z_l); you put the "
                                  "pre-activation z_l in it. Use 1 − tanh²(z_l), which is 1 − h_l².")
def slope_formula_on_the_preactivation(reference, x, weights):
    return _layers(x, weights, lambda z, h: 1.0 - z**2)


@misconception("layer_jacobians", "Row i of J_l belongs to output unit i, so diag(tanh'(z_l)) W_l scales the ROWS "
                                  "of W_l: multiply by slope[:, None]. W * slope scales the columns (W diag(slope)).")
def slope_scales_columns(reference, x, weights):
    h, jacobians = np.asarray(x, dtype=float), []
    for W in weights:
        h = np.tanh(W @ h)
        jacobians.append(W * (1.0 - h**2))  # broadcasts along the columns; fails unless W is square
    return jacobians


@misconception("layer_jacobians", "Rows are outputs, columns are inputs: J_l = ∂h_l/∂h_{l−1} has shape "
                                  "(d_l, d_{l−1}), the shape of W_l. Yours are transposed.")
def layer_jacobians_transposed(reference, x, weights):
    return [J.T for J in reference.layer_jacobians(x, weights)]


@misconception("layer_jacobians", "The tanh is missing from your layer Jacobians: h_l = tanh(W_l h_{l−1}), so "
                                  "J_l = diag(tanh'(z_l)) W_l, not W_l.")
def slope_dropped(reference, x, weights):
    return [np.array(W, dtype=float) for W in weights]


@misconception("layer_jacobians", "Row i of J_l is scaled by the slope tanh'(z_i) = 1 − tanh²(z_i), not by the "
                                  "activation tanh(z_i).")
def slope_is_the_activation(reference, x, weights):
    return _layers(x, weights, lambda z, h: h)


# --------------------------------------------------------------------------------------------
# end_to_end_jacobian


@misconception("end_to_end_jacobian", "The chain rule puts the LAST layer on the LEFT: J = J_L ⋯ J_2 J_1 (J_1 acts "
                                      "first on a change of x, as layer 1 does on x). Your product is J_1 J_2 ⋯ J_L.")
def product_in_wrong_order(reference, x, weights):
    jacobians = reference.layer_jacobians(x, weights)
    J = jacobians[0]
    for J_l in jacobians[1:]:
        J = J @ J_l  # fails on shapes unless the widths allow it
    return J


@misconception("end_to_end_jacobian", "Rows are the outputs h_L, columns the inputs x: J has shape (d_L, d_0). Yours "
                                      "is transposed (Jᵀ = J_1ᵀ ⋯ J_Lᵀ is what backpropagation applies to a gradient).")
def end_to_end_transposed(reference, x, weights):
    return reference.end_to_end_jacobian(x, weights).T


@misconception("end_to_end_jacobian", "Your product leaves out the first layer: multiply all L layer Jacobians, "
                                      "J = J_L ⋯ J_1 (start from J_1, or from the identity of size d_0).")
def product_misses_the_first_layer(reference, x, weights):
    jacobians = reference.layer_jacobians(x, weights)
    if len(jacobians) < 2:
        raise ValueError("needs two layers")
    return _chain(jacobians[1:])


@misconception("end_to_end_jacobian", "Your product leaves out the last layer: multiply all L layer Jacobians, "
                                      "J = J_L ⋯ J_1.")
def product_misses_the_last_layer(reference, x, weights):
    jacobians = reference.layer_jacobians(x, weights)
    if len(jacobians) < 2:
        raise ValueError("needs two layers")
    return _chain(jacobians[:-1])


# --------------------------------------------------------------------------------------------
# spectral_norm_power_iteration


def _unit(u):
    u = np.asarray(u, dtype=float)
    return u / np.linalg.norm(u)


@misconception("spectral_norm_power_iteration",
               "Power iteration for the spectral norm iterates JᵀJ, not J: u ← Jᵀ(J u) = vjp(jvp(u)), then "
               "normalise. Iterating J alone finds its largest |eigenvalue| (and needs a square J), which is not "
               "the largest singular value of a non-symmetric J.")
def iterates_jvp_only(reference, jvp, vjp, u0, n_iters):
    u = _unit(u0)
    for _ in range(n_iters):
        w = np.asarray(jvp(u))
        u = w / np.linalg.norm(w)
    return float(np.linalg.norm(jvp(u)))


@misconception("spectral_norm_power_iteration",
               "u must stay a unit vector: divide w = vjp(jvp(u)) by its norm at every iteration. Without it the "
               "length of u grows (or shrinks) like σ_max^(2k), and ‖J u‖ is no longer an estimate of σ_max.")
def iterate_not_normalised(reference, jvp, vjp, u0, n_iters):
    u = _unit(u0)
    for _ in range(n_iters):
        u = np.asarray(vjp(jvp(u)))
    return float(np.linalg.norm(jvp(u)))


@misconception("spectral_norm_power_iteration",
               "u must be a unit vector, from the start and after every iteration: divide u0 by ‖u0‖ and every "
               "w = vjp(jvp(u)) by ‖w‖.")
def never_normalised(reference, jvp, vjp, u0, n_iters):
    u = np.asarray(u0, dtype=float)
    for _ in range(n_iters):
        u = np.asarray(vjp(jvp(u)))
    return float(np.linalg.norm(jvp(u)))


@misconception("spectral_norm_power_iteration",
               "Normalise the start vector too: u = u0 / ‖u0‖ before the loop (with n_iters = 0 the estimate is "
               "‖J u0‖ / ‖u0‖).")
def start_not_normalised(reference, jvp, vjp, u0, n_iters):
    if n_iters > 0:
        return reference.spectral_norm_power_iteration(jvp, vjp, u0, n_iters)
    return float(np.linalg.norm(jvp(np.asarray(u0, dtype=float))))


@misconception("spectral_norm_power_iteration",
               "Power iteration on JᵀJ converges to its largest eigenvalue, σ_max²: the spectral norm is its square "
               "root, ‖J u‖, not ‖J u‖² = uᵀJᵀJ u.")
def returns_the_eigenvalue_of_JtJ(reference, jvp, vjp, u0, n_iters):
    return reference.spectral_norm_power_iteration(jvp, vjp, u0, n_iters) ** 2


@misconception("spectral_norm_power_iteration",
               "The estimate is ‖J u‖ at the final unit vector u. √‖JᵀJ u‖ of the previous u tends to the same σ_max, "
               "but after a finite number of iterations it is a different number.")
def estimate_from_the_last_product(reference, jvp, vjp, u0, n_iters):
    if n_iters < 1:
        raise ValueError("needs an iteration")
    u = _unit(u0)
    for _ in range(n_iters - 1):
        w = np.asarray(vjp(jvp(u)))
        u = w / np.linalg.norm(w)
    return float(np.sqrt(np.linalg.norm(vjp(jvp(u)))))


@misconception("spectral_norm_power_iteration",
               "Off by one: your loop makes n_iters − 1 updates of u. Make exactly n_iters (for _ in range(n_iters)), "
               "then return ‖J u‖.")
def one_iteration_too_few(reference, jvp, vjp, u0, n_iters):
    return reference.spectral_norm_power_iteration(jvp, vjp, u0, max(n_iters - 1, 0))


@misconception("spectral_norm_power_iteration",
               "Off by one: your loop makes n_iters + 1 updates of u. Make exactly n_iters (for _ in range(n_iters)), "
               "then return ‖J u‖.")
def one_iteration_too_many(reference, jvp, vjp, u0, n_iters):
    return reference.spectral_norm_power_iteration(jvp, vjp, u0, n_iters + 1)


# --------------------------------------------------------------------------------------------
# init_scale


def _only(kind, wanted, wrong, reference, fan_in, fan_out):
    """The mistaken value for the kind the mistake concerns, the right one for the other kind."""
    return float(wrong) if kind == wanted else reference.init_scale(fan_in, fan_out, kind)


@misconception("init_scale", "Xavier averages the two fans: s = √(2 / (fan_in + fan_out)). √(1 / fan_in) keeps only "
                             "the forward pass's variance (LeCun's scale) and ignores the backward pass.")
def xavier_uses_fan_in_only(reference, fan_in, fan_out, kind):
    return _only(kind, "xavier", np.sqrt(1.0 / fan_in), reference, fan_in, fan_out)


@misconception("init_scale", "Xavier's variance is 2 / (fan_in + fan_out), one over the mean fan "
                             "(fan_in + fan_out) / 2: the factor 2 is missing.")
def xavier_without_factor_two(reference, fan_in, fan_out, kind):
    return _only(kind, "xavier", np.sqrt(1.0 / (fan_in + fan_out)), reference, fan_in, fan_out)


@misconception("init_scale", "Kaiming's variance is 2 / fan_in: the factor 2 makes up for ReLU switching off half "
                             "of the units (without it the signal halves at every layer).")
def kaiming_without_factor_two(reference, fan_in, fan_out, kind):
    return _only(kind, "kaiming", np.sqrt(1.0 / fan_in), reference, fan_in, fan_out)


@misconception("init_scale", "Kaiming divides by fan_in, the number of inputs each unit sums over: s = √(2 / fan_in).")
def kaiming_uses_fan_out(reference, fan_in, fan_out, kind):
    return _only(kind, "kaiming", np.sqrt(2.0 / fan_out), reference, fan_in, fan_out)


@misconception("init_scale", "init_scale returns the standard deviation s, the square root of the variance "
                             "(2 / (fan_in + fan_out) or 2 / fan_in).")
def variance_instead_of_std(reference, fan_in, fan_out, kind):
    return reference.init_scale(fan_in, fan_out, kind) ** 2


@misconception("init_scale", "That is the bound a = √3 s of the uniform variant U(−a, a) (√(6 / (fan_in + fan_out)) "
                             "for Xavier): return the standard deviation s of the normal variant.")
def uniform_bound_instead_of_std(reference, fan_in, fan_out, kind):
    return float(np.sqrt(3.0) * reference.init_scale(fan_in, fan_out, kind))


# --------------------------------------------------------------------------------------------
# norms_by_depth


def _norms(reference, width, depth, std, seed, activation, *, slope=None, step=None, norm=None, shift=False):
    """norms_by_depth with one ingredient replaced: the slope φ'(z, h), the product update, or the norm."""
    x, weights = reference.random_network(width, depth, std, seed)
    h, P, norms = x, np.eye(width), []
    for W in weights:
        z = W @ h
        h = {"tanh": np.tanh(z), "relu": np.maximum(z, 0.0), "linear": z}[activation]
        right = {"tanh": 1.0 - h**2, "relu": (z > 0).astype(float), "linear": np.ones_like(z)}[activation]
        J = (slope(z, h, right) if slope else right)[:, None] * W
        if shift:
            norms.append(np.linalg.norm(P, 2))
        P = step(P, J) if step else J @ P
        if not shift:
            norms.append(norm(P) if norm else np.linalg.norm(P, 2))
    return np.array(norms)


@misconception("norms_by_depth", "np.linalg.norm(P) is the Frobenius norm √(Σ P_ij²), larger than the largest "
                                 "singular value: use the spectral norm, np.linalg.norm(P, 2).")
def frobenius_norm(reference, width, depth, std, seed, activation):
    return _norms(reference, width, depth, std, seed, activation, norm=np.linalg.norm)


@misconception("norms_by_depth", "The new layer multiplies on the LEFT: P_l = J_l P_{l−1}. P_{l−1} J_l is a "
                                 "different matrix (the layers do not commute).")
def running_product_wrong_order(reference, width, depth, std, seed, activation):
    return _norms(reference, width, depth, std, seed, activation, step=lambda P, J: P @ J)


@misconception("norms_by_depth", "Entry l − 1 is the norm of the product of the first l layer Jacobians, "
                                 "P_l = J_l ⋯ J_1, not of J_l alone: keep a running product.")
def norms_of_single_layers(reference, width, depth, std, seed, activation):
    return _norms(reference, width, depth, std, seed, activation, step=lambda P, J: J)


@misconception("norms_by_depth", "Record ‖P_l‖₂ after multiplying by J_l: your first entry is the norm 1 of the "
                                 "identity, and the product of all the layers is missing.")
def norms_shifted_by_one_layer(reference, width, depth, std, seed, activation):
    return _norms(reference, width, depth, std, seed, activation, shift=True)


@misconception("norms_by_depth", "tanh' is evaluated at the pre-activation: tanh'(z_l) = 1 − tanh²(z_l) = 1 − h_l². "
                                 "You applied it to the activation h_l = tanh(z_l).")
def depth_slope_at_the_activation(reference, width, depth, std, seed, activation):
    return _norms(reference, width, depth, std, seed, activation,
                  slope=lambda z, h, right: 1.0 - np.tanh(h) ** 2 if activation == "tanh" else right)


@misconception("norms_by_depth", "1 − h² is tanh' written with the activation h_l = tanh(z_l); you put the "
                                 "pre-activation z_l in it.")
def depth_slope_formula_on_the_preactivation(reference, width, depth, std, seed, activation):
    return _norms(reference, width, depth, std, seed, activation,
                  slope=lambda z, h, right: 1.0 - z**2 if activation == "tanh" else right)


@misconception("norms_by_depth", "ReLU's slope is 1 where z > 0 and 0 elsewhere, not the activation max(z, 0).")
def relu_slope_is_the_activation(reference, width, depth, std, seed, activation):
    return _norms(reference, width, depth, std, seed, activation,
                  slope=lambda z, h, right: h if activation == "relu" else right)


@misconception("norms_by_depth", "The activation's slope is missing: J_l = diag(φ'(z_l)) W_l, so the product is "
                                 "not W_l ⋯ W_1 unless the network is linear.")
def depth_slope_dropped(reference, width, depth, std, seed, activation):
    return _norms(reference, width, depth, std, seed, activation, slope=lambda z, h, right: np.ones_like(z))
