"""Beyond the core — why frameworks never build Jacobians: one VJP, two routes, two memory bills.

A dense tanh layer maps a batch of N inputs, the rows of X, to N outputs:

    Z = X Wᵀ + b,    Y = tanh(Z),    tanh'(z) = 1 − tanh²(z),

with X (N, D_in), W (D_out, D_in), b (D_out,), Z and Y (N, D_out). The Jacobian of the whole batch,
∂Y/∂X, has one entry per (output, input) pair, shape (N, D_out, N, D_in):

    J[n, i, m, j] = ∂Y[n, i]/∂X[m, j] = δ_nm (1 − Y[n, i]²) W[i, j].

Read as a matrix it is (N·D_out) × (N·D_in) and block diagonal: sample n's outputs depend on sample
n's inputs only, so the N diagonal blocks are J_n = diag(1 − y_n²) W and the other N² − N blocks are
zero. A vector-Jacobian product (VJP) with an upstream gradient d_out = ∂L/∂Y gives ∂L/∂X:

    through J:   vec(dX) = Jᵀ vec(d_out)                    N²·D_out·D_in numbers to store
    directly:    dX = (d_out ⊙ (1 − Y²)) W                  N·D_out + N·D_in numbers to store

Same numbers, different bills. The explicit Jacobian grows like N², the direct VJP like N, so their
ratio grows like N·D_out·D_in / (D_out + D_in): for N = 256 samples of width 1024, the Jacobian
takes 550 GB and the direct VJP 4 MB. That is why autodiff frameworks compute VJPs (backprop) and
never materialise the Jacobian.

All arrays are float64.
"""

import numpy as np


def dense_tanh(X, W, b):
    """The layer (given): Y = tanh(X Wᵀ + b), one sample per row, shape (N, D_out).

    >>> dense_tanh(np.array([[1.0, 2.0]]), np.array([[1.0, -1.0], [0.5, 0.0]]), np.array([1.0, 0.0]))
    array([[0.        , 0.46211716]])
    """
    return np.tanh(X @ W.T + b)


def explicit_jacobian(X, W, b):
    """The full Jacobian ∂Y/∂X of the batch, zero blocks included.

    J[n, i, m, j] = ∂Y[n, i]/∂X[m, j] = δ_nm (1 − Y[n, i]²) W[i, j], with Y = tanh(X Wᵀ + b):
    sample n's outputs depend on sample n's inputs only (δ_nm is 1 if n = m, else 0), through the
    block J_n = diag(1 − y_n²) W, which is row i of W times 1 − Y[n, i]².

    Args:
        X: float64 array of shape (N, D_in), one sample per row.
        W: float64 array of shape (D_out, D_in).
        b: float64 array of shape (D_out,).

    Returns:
        float64 array J of shape (N, D_out, N, D_in): output axes (n, i) first, input axes (m, j)
        last. J.reshape(N * D_out, N * D_in) is the block-diagonal matrix; J[n, :, n, :] = J_n and
        J[n, :, m, :] = 0 for n ≠ m.

    Example:
        Two samples at X = 0 with b = 0, so Y = 0 and 1 − Y² = 1: each block is W = [[1, −2]].
        >>> J = explicit_jacobian(np.zeros((2, 2)), np.array([[1.0, -2.0]]), np.zeros(1))
        >>> J.shape
        (2, 1, 2, 2)
        >>> J.reshape(2, 4)
        array([[ 1., -2.,  0.,  0.],
               [ 0.,  0.,  1., -2.]])
    """
    # TODO: zeros of shape (N, D_out, N, D_in), then J[n, :, n, :] = diag(1 − y_n²) W for each n
    raise NotImplementedError("TODO(vjp_vs_jacobian)")


def vjp_through_jacobian(J, d_out):
    """The VJP the expensive way: flatten J to a matrix and multiply by its transpose.

    vec(dX) = Jᵀ vec(d_out), with J read as the (N·D_out) × (N·D_in) matrix whose row (n, i) is
    output Y[n, i] and column (m, j) is input X[m, j]; in index form
    dX[m, j] = Σ_{n, i} d_out[n, i] J[n, i, m, j]. This route is generic: it knows nothing about the
    layer, so it works for any J of this shape, block diagonal or not (do not assume its structure).

    Args:
        J: float64 array of shape (N, D_out, N, D_in), a Jacobian ∂Y/∂X (outputs first).
        d_out: float64 array of shape (N, D_out), the upstream gradient ∂L/∂Y.

    Returns:
        float64 array of shape (N, D_in), the VJP dX (the shape of X).

    Example:
        The Jacobian of explicit_jacobian's example, and d_out = [[1], [3]]:
        >>> J = np.array([[1.0, -2.0, 0.0, 0.0], [0.0, 0.0, 1.0, -2.0]]).reshape(2, 1, 2, 2)
        >>> vjp_through_jacobian(J, np.array([[1.0], [3.0]]))
        array([[ 1., -2.],
               [ 3., -6.]])
    """
    # TODO: reshape J to (N·D_out, N·D_in), multiply its transpose by d_out flattened, reshape to (N, D_in)
    raise NotImplementedError("TODO(vjp_vs_jacobian)")


def vjp_direct(X, W, b, d_out):
    """The VJP the way backpropagation computes it: dX = (d_out ⊙ (1 − Y²)) W, no Jacobian at all.

    Through the tanh, entry by entry: Δ = ∂L/∂Z = d_out ⊙ (1 − Y²). Through Z = X Wᵀ + b: dX = Δ W.
    Its memory is of the order of the inputs and outputs, O(N·(D_in + D_out)): do not build the
    (N·D_out) × (N·D_in) Jacobian, not even inside this function. The grader calls it on batches
    where that Jacobian would take tens of gigabytes, far beyond the worker's memory limit.

    Args:
        X: float64 array of shape (N, D_in).
        W: float64 array of shape (D_out, D_in).
        b: float64 array of shape (D_out,).
        d_out: float64 array of shape (N, D_out), the upstream gradient ∂L/∂Y.

    Returns:
        float64 array of shape (N, D_in): dX, equal to vjp_through_jacobian(explicit_jacobian(X, W, b), d_out).

    Example:
        The same layer and d_out as in vjp_through_jacobian's example, the same answer:
        >>> vjp_direct(np.zeros((2, 2)), np.array([[1.0, -2.0]]), np.zeros(1), np.array([[1.0], [3.0]]))
        array([[ 1., -2.],
               [ 3., -6.]])
    """
    # TODO: Δ = d_out ⊙ (1 − Y²) with Y = dense_tanh(X, W, b), then dX = Δ W
    raise NotImplementedError("TODO(vjp_vs_jacobian)")


def memory_ratio(N, D_in, D_out):
    """The memory bill of each route, in bytes, and how many times larger the Jacobian route's is.

    Count 8 bytes per float64 entry, and for each route the arrays it holds at once at its peak,
    besides its inputs (X, W, b, d_out):
      - through the Jacobian: J, every one of its (N·D_out) × (N·D_in) entries (a numpy array
        stores its zero blocks too), and the result dX, N·D_in entries;
      - directly: Δ = d_out ⊙ (1 − Y²), N·D_out entries, and the result dX, N·D_in entries.

    Args:
        N, D_in, D_out: positive Python ints, the batch size and the layer's widths.

    Returns:
        (jacobian_bytes, direct_bytes, ratio): two Python ints (exact byte counts) and the float
        ratio = jacobian_bytes / direct_bytes.

    Example:
        >>> memory_ratio(2, 3, 4)      # J: 8·(8·6) bytes, dX: 8·6; Δ: 8·8, dX: 8·6
        (432, 112, 3.857142857142857)
        >>> memory_ratio(256, 1024, 1024)
        (549757911040, 4194304, 131072.5)
    """
    # TODO: 8 bytes per entry: J and dX for the Jacobian route, Δ and dX for the direct one
    raise NotImplementedError("TODO(vjp_vs_jacobian)")
