"""Exercise 7 — backpropagation through a two-layer network, and training it on XOR.

A two-layer perceptron with H hidden units classifies a batch of N inputs, the rows of X, into
C classes:

    Z₁ = X W₁ᵀ + b₁,    A₁ = tanh(Z₁),    Z₂ = A₁ W₂ᵀ + b₂        (Z₂: the logits)

with X (N, D), W₁ (H, D), b₁ (H,), W₂ (C, H), b₂ (C,). Its loss is the mean softmax cross-entropy
against integer labels y_n ∈ {0, …, C − 1}:

    P = softmax(Z₂) row by row,    L = −(1/N) Σ_n log P[n, y_n].

Backpropagation reads the chain rule from the loss back to every parameter, one vector-Jacobian
product per step, each one met in an earlier exercise (Y is the one-hot matrix of the labels):

    ∂L/∂Z₂ = (P − Y) / N                                  the loss layer: the only 1/N
    ∂L/∂W₂ = (∂L/∂Z₂)ᵀ A₁,    ∂L/∂b₂ = Σ_n ∂L/∂Z₂[n]       the output layer (sums over the batch)
    ∂L/∂A₁ = (∂L/∂Z₂) W₂                                  the output layer, towards its input
    ∂L/∂Z₁ = ∂L/∂A₁ ⊙ (1 − A₁²)                           tanh' = 1 − tanh², entry by entry
    ∂L/∂W₁ = (∂L/∂Z₁)ᵀ X,     ∂L/∂b₁ = Σ_n ∂L/∂Z₁[n]       the hidden layer

No Jacobian is ever built: each step costs about as much as the forward step it reverses. Full-batch
gradient descent on these gradients trains the network; on XOR, where no straight line separates
the two classes, the hidden layer learns the bend.

The softmax is shift-invariant, softmax(z) = softmax(z − max z), which keeps every exponential
≤ 1; and log P = (z − max z) − log Σ exp(z − max z) (log-sum-exp) stays finite where P itself
underflows to 0.

Parameters travel as a dict {"W1": W₁, "b1": b₁, "W2": W₂, "b2": b₂}, gradients as a dict with the
same keys and shapes. Arrays are float64; labels are int64.
"""

import numpy as np

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


def noisy_xor(n, noise, seed):
    """The XOR data set (given): n points around the corners (±1, ±1), labelled by the XOR of the signs.

    Point k lies near corner k mod 4 of (1, 1), (−1, −1), (1, −1), (−1, 1), moved by Gaussian noise of
    standard deviation `noise`; its label is 1 where the corner's coordinates have opposite signs,
    0 where they agree. Deterministic: the same (n, noise, seed) always gives the same data.

    Returns:
        (X, labels): X float64 of shape (n, 2), labels int64 of shape (n,).

    >>> X, labels = noisy_xor(4, 0.0, seed=0)
    >>> X
    array([[ 1.,  1.],
           [-1., -1.],
           [ 1., -1.],
           [-1.,  1.]])
    >>> labels
    array([0, 0, 1, 1])
    """
    rng = np.random.default_rng(seed)
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    corner = np.arange(n) % 4
    X = corners[corner] + noise * rng.standard_normal((n, 2))
    return X, (corner >= 2).astype(np.int64)


def init_params(n_in, n_hidden, n_out, seed):
    """Random initial parameters (given): Gaussian weights scaled by 1/√fan-in, zero biases.

    Returns:
        dict {"W1": (n_hidden, n_in), "b1": (n_hidden,), "W2": (n_out, n_hidden), "b2": (n_out,)},
        float64 arrays. Deterministic in seed.
    """
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.standard_normal((n_hidden, n_in)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.standard_normal((n_out, n_hidden)) / np.sqrt(n_hidden),
        "b2": np.zeros(n_out),
    }


def softmax_cross_entropy(logits, labels):
    """The mean softmax cross-entropy of a batch, and its gradient with respect to the logits.

    With P = softmax(Z) row by row, P[n, c] = exp(Z[n, c]) / Σ_k exp(Z[n, k]), and Y the one-hot
    labels (Y[n, c] = 1 if c == labels[n], else 0):

        L = −(1/N) Σ_n log P[n, labels[n]],        ∂L/∂Z = (P − Y) / N.

    Both must stay exact for logits of any size, even |Z| ≈ 1000 where exp overflows: subtract
    each row's maximum before exponentiating (softmax(z) = softmax(z − max z)), and compute log P
    as (z − max z) − log Σ_k exp(z_k − max z) rather than as the log of P, which may round to 0.

    Args:
        logits: float64 array of shape (N, C), one row of class scores per sample.
        labels: int64 array of shape (N,), the true class of each sample, in 0 … C − 1.

    Returns:
        (loss, d_logits): loss a float, the mean cross-entropy L; d_logits the float64 array
        ∂L/∂Z of shape (N, C).

    Example:
        With all logits equal, P = 1/C everywhere and L = log C:
        >>> loss, d_logits = softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 2]))
        >>> round(loss, 6)
        1.098612
        >>> d_logits * 6
        array([[-2.,  1.,  1.],
               [ 1.,  1., -2.]])
    """
    # TODO: log P by log-sum-exp after subtracting each row's max; L = mean of −log P[n, y_n]; ∂L/∂Z = (P − Y) / N
    raise NotImplementedError("TODO(mlp_backprop)")


def mlp_forward(X, params):
    """The forward pass of the network: the logits of a batch, and the cache the backward pass needs.

        Z₁ = X W₁ᵀ + b₁,    A₁ = tanh(Z₁),    logits = A₁ W₂ᵀ + b₂   (no activation on the logits).

    Args:
        X: float64 array of shape (N, D), one sample per row.
        params: dict of float64 arrays, "W1" (H, D), "b1" (H,), "W2" (C, H), "b2" (C,).

    Returns:
        (logits, cache): logits the float64 array of shape (N, C); cache the tuple (X, Z1, A1),
        exactly these three arrays in this order: the input X (N, D), the hidden pre-activations
        Z1 (N, H) and the hidden activations A1 = tanh(Z1) (N, H).

    Example:
        >>> params = {"W1": np.array([[1.0, 0.0], [0.0, 0.0]]), "b1": np.array([0.0, 0.5]),
        ...           "W2": np.array([[2.0, 0.0]]), "b2": np.array([1.0])}
        >>> logits, (X, Z1, A1) = mlp_forward(np.array([[0.0, 3.0]]), params)
        >>> Z1
        array([[0. , 0.5]])
        >>> logits
        array([[1.]])
    """
    # TODO: Z1 = X W1ᵀ + b1, A1 = tanh(Z1), logits = A1 W2ᵀ + b2; return (logits, (X, Z1, A1))
    raise NotImplementedError("TODO(mlp_backprop)")


def mlp_backward(d_logits, cache, params):
    """The backward pass: the gradient of a loss L with respect to every parameter, given ∂L/∂logits.

    d_logits = ∂L/∂Z₂ for any scalar L (for the cross-entropy, the second value softmax_cross_entropy
    returns). Chain one VJP per forward step, from the logits back to the input layer:

        dW2 = d_logitsᵀ A1,    db2 = Σ_n d_logits[n],    dA1 = d_logits W2,
        dZ1 = dA1 ⊙ (1 − A1²)  (tanh'(Z1) = 1 − tanh²(Z1), from the activations A1),
        dW1 = dZ1ᵀ X,          db1 = Σ_n dZ1[n].

    The weights and biases serve every sample: their gradients add up the samples' contributions
    (sums over the batch; any 1/N is already inside d_logits).

    Args:
        d_logits: float64 array of shape (N, C), the upstream gradient ∂L/∂logits.
        cache: the tuple (X, Z1, A1) returned by mlp_forward, shapes (N, D), (N, H), (N, H).
        params: dict of float64 arrays, "W1" (H, D), "b1" (H,), "W2" (C, H), "b2" (C,).

    Returns:
        dict {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2} of float64 arrays, each of the shape of the
        parameter it differentiates: (H, D), (H,), (C, H), (C,).

    Example:
        Where Z1 = 0, A1 = 0 and tanh' = 1, so dW2 = 0, db2 = d_logits, dZ1 = d_logits W2:
        >>> params = {"W1": np.zeros((2, 3)), "b1": np.zeros(2), "W2": np.array([[1.0, -2.0]]),
        ...           "b2": np.zeros(1)}
        >>> X = np.array([[1.0, 0.0, 2.0]])
        >>> grads = mlp_backward(np.array([[0.5]]), (X, np.zeros((1, 2)), np.zeros((1, 2))), params)
        >>> grads["W1"]
        array([[ 0.5,  0. ,  1. ],
               [-1. ,  0. , -2. ]])
        >>> grads["b2"]
        array([0.5])
    """
    # TODO: dW2, db2, then dA1 = d_logits W2, dZ1 = dA1 ⊙ (1 − A1²), then dW1, db1
    raise NotImplementedError("TODO(mlp_backprop)")


def loss_and_grads(X, labels, params):
    """The mean cross-entropy of the network on a batch and its gradient for every parameter.

    The whole chain: mlp_forward, then softmax_cross_entropy on the logits, then mlp_backward with
    the gradient of the loss with respect to the logits.

    Args:
        X: float64 array of shape (N, D).
        labels: int64 array of shape (N,), in 0 … C − 1.
        params: dict of float64 arrays, "W1" (H, D), "b1" (H,), "W2" (C, H), "b2" (C,).

    Returns:
        (loss, grads): loss a float, L(params); grads the dict of mlp_backward, ∂L/∂ each parameter.

    Example:
        With zero weights every logit is 0, so L = log C whatever X; only b2 gets a gradient:
        >>> params = init_params(2, 3, 2, seed=0)
        >>> params["W2"] = np.zeros((2, 3))
        >>> loss, grads = loss_and_grads(np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([0, 0]), params)
        >>> round(loss, 6), grads["b2"]
        (0.693147, array([-0.5,  0.5]))
    """
    # TODO: forward, loss and its gradient with respect to the logits, backward
    raise NotImplementedError("TODO(mlp_backprop)")


def train(X, labels, params, step, n_steps):
    """Full-batch gradient descent on the mean cross-entropy, recording the loss curve.

    θ_{k+1} = θ_k − η ∂L/∂θ(θ_k) for every parameter θ, k = 0, …, n_steps − 1, starting from the
    given params θ_0 (do not modify its arrays in place: build new ones).

    Args:
        X: float64 array of shape (N, D).
        labels: int64 array of shape (N,).
        params: dict of float64 arrays, "W1" (H, D), "b1" (H,), "W2" (C, H), "b2" (C,): θ_0.
        step: float, the step size η > 0.
        n_steps: int ≥ 0, the number of steps.

    Returns:
        (params, losses): params the dict of the parameters after n_steps steps (same keys and
        shapes); losses the float64 array of shape (n_steps + 1,) with losses[k] = L(θ_k): the
        initial loss first, the loss of the returned params last.

    Example:
        On noisy_xor(48, 0.3, seed=0) from init_params(2, 8, 2, seed=1), 300 steps with η = 1 take
        the loss from 0.71 to below 0.1 (to about 0.003): the network has learnt XOR.
        >>> X, labels = noisy_xor(48, 0.3, seed=0)
        >>> final, losses = train(X, labels, init_params(2, 8, 2, seed=1), 1.0, 300)
        >>> losses.shape, bool(losses[0] > 0.6), bool(losses[-1] < 0.1)
        ((301,), True, True)
    """
    # TODO: n_steps times: loss and gradients at the current params, then θ ← θ − η ∂L/∂θ; then the final loss
    raise NotImplementedError("TODO(mlp_backprop)")
