"""Gradient stability — the Jacobian of a deep network, its spectral norm, and initialisation.

A deep tanh network maps an input x = h_0 through L layers,

    z_l = W_l h_{l−1},    h_l = tanh(z_l),    l = 1, …, L,    W_l of shape (d_l, d_{l−1}).

By the chain rule its Jacobian is the product of the layer Jacobians, the last layer on the left:

    J = ∂h_L/∂x = J_L J_{L−1} ⋯ J_1,    J_l = ∂h_l/∂h_{l−1} = diag(tanh'(z_l)) W_l,

with tanh'(z) = 1 − tanh²(z) = 1 − h_l², and J_l of shape (d_l, d_{l−1}). Backpropagation
multiplies a gradient by the transposed product Jᵀ = J_1ᵀ ⋯ J_Lᵀ, so how much a gradient can grow
or shrink on its way back to the input is measured by the spectral norm

    ‖J‖₂ = max_{‖u‖ = 1} ‖J u‖ = σ_max(J),

the largest singular value. Power iteration finds it with products alone: u ← Jᵀ(J u), normalised,
converges to the top right singular vector v₁ (the top eigenvector of JᵀJ), and ‖J u‖ → σ_max. Each
step is one JVP (u ↦ J u, forward mode) and one VJP (v ↦ Jᵀ v, reverse mode): the matrix is never
built, which is how the norm of a real network's Jacobian is estimated.

Since ‖J‖₂ ≤ ∏ ‖J_l‖₂, and a typical layer scales vectors by a typical factor g, the norm behaves
like gᴸ: it vanishes (g < 1) or explodes (g > 1) exponentially with depth. Initialisation chooses
the scale of the random weights so that g ≈ 1. For Gaussian weights W_l[i, j] ~ N(0, s²):

    Xavier (Glorot):  s = √(2 / (fan_in + fan_out))   keeps the variance of activations (forward)
                                                        and of gradients (backward) for tanh/linear;
    Kaiming (He):     s = √(2 / fan_in)                 the factor 2 makes up for ReLU switching off
                                                        half the units.

(fan_in = d_{l−1}, fan_out = d_l. The uniform variants draw from U(−a, a) with a = √3 s.)

Arrays are float64; `weights` is a list of L matrices W_1, …, W_L, first layer first.
"""

import numpy as np


def tanh_network(x, weights):
    """The network itself (given): h_0 = x, h_l = tanh(W_l h_{l−1}); returns h_L, shape (d_L,)."""
    h = np.asarray(x, dtype=float)
    for W in weights:
        h = np.tanh(W @ h)
    return h


def layer_jacobians(x, weights):
    """The Jacobian of every layer of the tanh network at the input x.

    Layer l maps h_{l−1} to h_l = tanh(z_l), z_l = W_l h_{l−1}, so

        J_l = ∂h_l/∂h_{l−1} = diag(tanh'(z_l)) W_l,    tanh'(z_l) = 1 − tanh²(z_l) = 1 − h_l²,

    that is J_l[i, j] = tanh'(z_l[i]) W_l[i, j]: row i of W_l scaled by the slope of unit i.
    The slope is evaluated at the pre-activation z_l (1 − h_l² uses the activation h_l = tanh(z_l),
    which is the same number).

    Args:
        x: float64 array of shape (d_0,), the input.
        weights: list of L float64 arrays, W_l of shape (d_l, d_{l−1}), first layer first.

    Returns:
        list of L float64 arrays, J_1, …, J_L in that order, J_l of shape (d_l, d_{l−1}).

    Example:
        At x = 0 every z_l is 0 and every slope is 1, so J_l = W_l:
        >>> W1, W2 = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]]), np.array([[2.0, 1.0]])
        >>> [J.shape for J in layer_jacobians(np.zeros(3), [W1, W2])]
        [(2, 3), (1, 2)]
        >>> layer_jacobians(np.array([0.5, 0.0, 0.0]), [np.array([[2.0, 0.0, 0.0]])])[0]
        array([[0.83994868, 0.        , 0.        ]])

        (z = 1, tanh'(1) = 1 − tanh²(1) ≈ 0.41997, times W = [2, 0, 0].)
    """
    # TODO: forward layer by layer; J_l = diag(1 − h_l²) W_l, with h_l = tanh(W_l h_{l−1})
    raise NotImplementedError("TODO(gradient_stability)")


def end_to_end_jacobian(x, weights):
    """The Jacobian of the whole network at x: the product of the layer Jacobians.

    By the chain rule, h_L = f_L(⋯ f_1(x)) has Jacobian

        J = J_L J_{L−1} ⋯ J_1,    shape (d_L, d_0),

    the LAST layer on the LEFT: J_1 acts first on a small change of x, as f_1 does on x.

    Args:
        x: float64 array of shape (d_0,).
        weights: list of L ≥ 1 float64 arrays, W_l of shape (d_l, d_{l−1}).

    Returns:
        float64 array of shape (d_L, d_0): rows are the outputs h_L[i], columns the inputs x[j].

    Example:
        >>> W1, W2 = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]]), np.array([[2.0, 1.0]])
        >>> end_to_end_jacobian(np.zeros(3), [W1, W2])  # W2 W1 at x = 0, shape (1, 3)
        array([[2., 3., 3.]])
    """
    # TODO: multiply the layer Jacobians, the last layer on the left: J_L ⋯ J_1
    raise NotImplementedError("TODO(gradient_stability)")


def spectral_norm_power_iteration(jvp, vjp, u0, n_iters):
    """Estimate ‖J‖₂ = σ_max(J) by power iteration on JᵀJ, with JVPs and VJPs only.

    Start from the unit vector u = u0 / ‖u0‖, then n_iters times

        w = Jᵀ (J u) = vjp(jvp(u)),    u = w / ‖w‖,

    and return the estimate σ = ‖J u‖ = ‖jvp(u)‖ at the final unit vector u. (‖·‖ is the Euclidean
    norm.) As n_iters grows, u tends to the top right singular vector of J and σ to σ_max(J) from
    below; the error shrinks like (σ₂/σ₁)^(4 n_iters). With n_iters = 0 the estimate is
    ‖J u0‖ / ‖u0‖.

    Args:
        jvp: callable, u (float64 array of shape (n,)) ↦ J u (float64 array of shape (m,)).
        vjp: callable, v (float64 array of shape (m,)) ↦ Jᵀ v (float64 array of shape (n,)).
        u0: float64 array of shape (n,), the nonzero start vector (not necessarily of norm 1).
        n_iters: int ≥ 0, the number of updates of u.

    Returns:
        float, the estimate ‖J u‖ after n_iters updates.

    Example:
        J = [[3, 0], [0, 1]] from u0 = (1, 1): u goes (1, 1)/√2 → (9, 1)/√82 → …, so the estimates are
        ‖J u‖ = √(10/2) ≈ 2.236, then √(730/82) ≈ 2.984, then ≈ 2.9998 (σ_max = 3):
        >>> J = np.array([[3.0, 0.0], [0.0, 1.0]])
        >>> spectral_norm_power_iteration(lambda u: J @ u, lambda v: J.T @ v, np.array([1.0, 1.0]), 1)
        2.9836955314492535
    """
    # TODO: normalise u0; n_iters times u ← Jᵀ(J u) normalised; return ‖J u‖
    raise NotImplementedError("TODO(gradient_stability)")


def init_scale(fan_in, fan_out, kind):
    """The standard deviation s of Gaussian initial weights, W[i, j] ~ N(0, s²).

    For a layer with fan_in inputs and fan_out outputs (W of shape (fan_out, fan_in)):

        kind = "xavier" (Glorot, for tanh and linear layers):  s = √(2 / (fan_in + fan_out)),
        kind = "kaiming" (He, for ReLU layers):                s = √(2 / fan_in).

    Xavier's variance 2 / (fan_in + fan_out) is the compromise between 1 / fan_in (which keeps the
    forward activations' variance) and 1 / fan_out (which keeps the backward gradients'). Kaiming's
    factor 2 makes up for ReLU zeroing half of the pre-activations. This function returns the
    standard deviation of the normal variant, not the variance and not the bound a = √3 s of the
    uniform variant U(−a, a).

    Args:
        fan_in: int ≥ 1, the number of inputs of the layer (d_{l−1}).
        fan_out: int ≥ 1, the number of outputs (d_l).
        kind: "xavier" or "kaiming".

    Returns:
        float, the standard deviation s > 0.

    Example:
        >>> init_scale(300, 100, "xavier")   # √(2 / 400)
        0.07071067811865475
        >>> init_scale(50, 10, "kaiming")    # √(2 / 50)
        0.2
    """
    # TODO: √(2 / (fan_in + fan_out)) for "xavier", √(2 / fan_in) for "kaiming"
    raise NotImplementedError("TODO(gradient_stability)")


def random_network(width, depth, std, seed):
    """The random network of the depth experiment (given): an input and `depth` square layers.

    With `rng = np.random.default_rng(seed)`, draws x = rng.standard_normal(width) first, then
    W_1, …, W_depth in that order, each std * rng.standard_normal((width, width)). The same
    (width, depth, std, seed) always gives the same network.

    Returns:
        (x, weights): x of shape (width,), weights a list of `depth` arrays of shape (width, width).
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(width)
    weights = [std * rng.standard_normal((width, width)) for _ in range(depth)]
    return x, weights


def norms_by_depth(width, depth, std, seed, activation):
    """How the spectral norm of the Jacobian grows or vanishes with depth, on a random network.

    Take (x, weights) = random_network(width, depth, std, seed), run the network
    h_0 = x, z_l = W_l h_{l−1}, h_l = φ(z_l) with the activation φ named by `activation`:

        "tanh":    φ(z) = tanh(z),     φ'(z) = 1 − tanh²(z);
        "relu":    φ(z) = max(z, 0),   φ'(z) = 1 where z > 0, and 0 where z ≤ 0;
        "linear":  φ(z) = z,           φ'(z) = 1,

    and return the spectral norms of the Jacobians of the first l layers, for l = 1, …, depth:

        norms[l − 1] = ‖P_l‖₂,    P_l = J_l J_{l−1} ⋯ J_1,    J_l = diag(φ'(z_l)) W_l.

    Keep a running product, P_l = J_l P_{l−1} (P_1 = J_1): one matrix product per layer.
    ‖·‖₂ is the spectral norm, np.linalg.norm(P, 2) (np.linalg.norm(P) alone is the Frobenius norm).

    Args:
        width: int ≥ 1, the width of every layer (all layers are width × width).
        depth: int ≥ 1, the number of layers L.
        std: float > 0, the standard deviation of the weights (e.g. gain · init_scale(width, width, kind)).
        seed: int, passed to random_network.
        activation: "tanh", "relu" or "linear".

    Returns:
        float64 array of shape (depth,): ‖P_1‖₂, ‖P_2‖₂, …, ‖P_depth‖₂.

    Example:
        With std = 0.1 / √width a layer shrinks a typical vector tenfold, and the norms fall
        geometrically; with std = 3 / √width (and a linear network) they grow geometrically:
        >>> norms_by_depth(64, 4, 0.1 / 8, 0, "tanh").round(4)
        array([0.1982, 0.0243, 0.0028, 0.0003])
        >>> norms_by_depth(64, 4, 3 / 8, 0, "linear").round(1)
        array([  6. ,  22. ,  76.3, 244. ])
    """
    # TODO: draw the network; per layer, forward one step, P ← diag(φ'(z)) W P, record ‖P‖₂
    raise NotImplementedError("TODO(gradient_stability)")
