"""Exercise 4 — backpropagation through a dense layer, and the Jacobian it never builds.

A dense layer with a logistic sigmoid maps a batch of N inputs, the rows of X, to N outputs:

    Z = X Wᵀ + b,    Y = σ(Z),    σ(z) = 1 / (1 + e^(−z)),    σ'(z) = σ(z) (1 − σ(z)).

Shapes: X is (N, D_in), W is (D_out, D_in), b is (D_out,), Z and Y are (N, D_out); σ acts entry by
entry. For one sample x (a row of X) the layer is y = σ(W x + b), and the chain rule gives its
Jacobian with respect to x:

    J = ∂y/∂x = diag(σ'(z)) W,        shape (D_out, D_in): row i is σ'(z_i) times row i of W.

Backpropagation receives the upstream gradient d_out = ∂L/∂Y of a scalar loss L (shape of Y) and
returns ∂L/∂X, ∂L/∂W, ∂L/∂b, each in the shape of what it differentiates. It never builds J: it
computes vector-Jacobian products (VJPs) directly. For sample n, ∂L/∂x_n = J_nᵀ d_out[n]: the VJP
is the transposed Jacobian applied to the upstream gradient, and costs one product with W instead
of N matrices of size D_out × D_in. The parameters W and b are shared by every sample of the batch,
so their gradients are sums over the batch (not means: a 1/N belongs in the loss, if anywhere).

All arrays are float64.
"""

import numpy as np


def sigmoid(z):
    """The logistic function σ(z) = 1 / (1 + e^(−z)), entry by entry (given).

    Stable for every z: e^(−|z|) never overflows, and both branches are the same function.

    >>> sigmoid(np.array([0.0, 2.0, -800.0]))
    array([0.5       , 0.88079708, 0.        ])
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def dense_forward(X, W, b):
    """The forward pass Y = σ(X Wᵀ + b) on a batch, and the cache the backward pass needs.

    Args:
        X: float64 array of shape (N, D_in), one sample per row.
        W: float64 array of shape (D_out, D_in), one output unit per row.
        b: float64 array of shape (D_out,).

    Returns:
        (Y, cache): Y the float64 array σ(Z) of shape (N, D_out), where Z = X Wᵀ + b are the
        pre-activations; cache the tuple (X, W, Z), exactly these three arrays in this order
        (dense_backward receives it, and so may a cache built by someone else's forward pass).

    Example:
        >>> X = np.array([[1.0, 2.0]])
        >>> W = np.array([[1.0, -1.0], [0.5, 0.0], [0.0, 0.0]])
        >>> Y, (X_, W_, Z) = dense_forward(X, W, np.array([0.0, 1.0, 0.0]))
        >>> Z
        array([[-1. ,  1.5,  0. ]])
        >>> Y
        array([[0.26894142, 0.81757448, 0.5       ]])
    """
    # TODO: compute Z = X Wᵀ + b and Y = σ(Z) (use sigmoid); return (Y, (X, W, Z))
    raise NotImplementedError("TODO(layer_vjp)")


def dense_backward(d_out, cache):
    """The backward pass: the gradients of L with respect to X, W and b, given d_out = ∂L/∂Y.

    With L a scalar loss and d_out[n, i] = ∂L/∂Y[n, i] (think of L = Σ d_out ⊙ Y), return

        dX[n, j] = ∂L/∂X[n, j],    dW[i, j] = ∂L/∂W[i, j],    db[i] = ∂L/∂b[i].

    Start from Δ = ∂L/∂Z = d_out ⊙ σ'(Z) (entry by entry, σ'(z) = σ(z)(1 − σ(z))), then apply the
    chain rule through Z = X Wᵀ + b. W and b are used by every sample: their gradients add up the
    contributions of all N samples (a sum over the batch, not a mean).

    Args:
        d_out: float64 array of shape (N, D_out), the upstream gradient.
        cache: the tuple (X, W, Z) returned by dense_forward: X of shape (N, D_in),
            W of shape (D_out, D_in), Z = X Wᵀ + b of shape (N, D_out).

    Returns:
        (dX, dW, db): float64 arrays of shapes (N, D_in), (D_out, D_in) and (D_out,), each the
        shape of what it differentiates.

    Example:
        Where Z = 0, σ'(Z) = 1/4, so Δ = d_out / 4 = [[1, −2]]:
        >>> X, W = np.array([[1.0, 0.0, 2.0]]), np.array([[1.0, 2.0, 3.0], [0.0, 1.0, -1.0]])
        >>> dX, dW, db = dense_backward(np.array([[4.0, -8.0]]), (X, W, np.zeros((1, 2))))
        >>> dX
        array([[1., 0., 5.]])
        >>> dW
        array([[ 1.,  0.,  2.],
               [-2.,  0., -4.]])
        >>> db
        array([ 1., -2.])
    """
    # TODO: Δ = d_out ⊙ σ'(Z), then dX, dW, db by the chain rule through Z = X Wᵀ + b
    raise NotImplementedError("TODO(layer_vjp)")


def layer_jacobian(x, W, b):
    """The Jacobian of one sample's output y = σ(W x + b) with respect to its input x.

    J[i, j] = ∂y_i/∂x_j = σ'(z_i) W[i, j] with z = W x + b, that is J = diag(σ'(z)) W.

    Args:
        x: float64 array of shape (D_in,), one sample.
        W: float64 array of shape (D_out, D_in).
        b: float64 array of shape (D_out,).

    Returns:
        float64 array of shape (D_out, D_in): rows are the outputs y_i, columns the inputs x_j.

    Example:
        At z = 0 every σ'(z_i) is 1/4, so J = W / 4:
        >>> W = np.array([[4.0, 0.0, -8.0], [2.0, 2.0, 2.0]])
        >>> layer_jacobian(np.zeros(3), W, np.zeros(2))
        array([[ 1. ,  0. , -2. ],
               [ 0.5,  0.5,  0.5]])
    """
    # TODO: scale row i of W by σ'(z_i), where z = W x + b
    raise NotImplementedError("TODO(layer_vjp)")


def vjp_from_jacobian(J, v):
    """The vector-Jacobian product vᵀ J from an explicit Jacobian: for a matrix J, it is Jᵀ v.

    The Jacobian of a map from arrays of shape S_in to arrays of shape S_out has shape S_out + S_in
    (output axes first). A VJP multiplies each output's row by v and adds them up, over all the
    output axes:

        result[j…] = Σ_{i…} v[i…] J[i…, j…],    shape S_in.

    The first v.ndim axes of J are its output axes (v has shape S_out); the rest are input axes.

    Args:
        J: float64 array of shape S_out + S_in, e.g. (D_out, D_in) for layer_jacobian,
            (D_out, D_out, D_in) for ∂y/∂W of one sample, (N, D_out, N, D_in) for ∂Y/∂X of a batch.
        v: float64 array of shape S_out.

    Returns:
        float64 array of shape S_in.

    Example:
        >>> vjp_from_jacobian(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), np.array([1.0, -1.0]))
        array([-3., -3., -3.])

        With J = ∂Y/∂X of a batch (shape (N, D_out, N, D_in)) and v = d_out, the result is the dX
        of dense_backward: backpropagation computes exactly this, without building J.
    """
    # TODO: sum v[i…] J[i…, j…] over all the output indices i… (the first v.ndim axes of J)
    raise NotImplementedError("TODO(layer_vjp)")
