"""Catalogued mistakes in vjp_vs_jacobian, each with the note a teaching assistant would write."""

import numpy as np

from jackit.grading import misconception

WORKER_MEMORY_BYTES = 2**30
"""The worker's address-space limit (course.toml [defaults.limits] memory_mb = 1024)."""


def _tanh_derivative(reference, X, W, b):
    return 1.0 - reference.dense_tanh(X, W, b) ** 2


def _block_diagonal(blocks):
    """(N, D_out, N, D_in) with blocks[n] on the diagonal and zeros elsewhere."""
    n = blocks.shape[0]
    return np.einsum("nm,nij->nimj", np.eye(n), blocks)


# --------------------------------------------------------------------------------------------
# explicit_jacobian


@misconception("explicit_jacobian", "Sample n's outputs depend on sample n's inputs only: J[n, :, m, :] must be zero "
                                    "for n ≠ m. Yours puts diag(1 − y_n²) W in every block of row n: the Jacobian is "
                                    "block diagonal.")
def jacobian_dense_coupling(reference, X, W, b):
    blocks = _tanh_derivative(reference, X, W, b)[:, :, None] * W
    return np.broadcast_to(blocks[:, :, None, :], (X.shape[0], W.shape[0], X.shape[0], X.shape[1])).copy()


@misconception("explicit_jacobian", "Rows are outputs, columns are inputs: J has shape (N, D_out, N, D_in) and each "
                                    "block J_n = diag(1 − y_n²) W is (D_out, D_in). Yours is transposed.")
def jacobian_blocks_transposed(reference, X, W, b):
    return reference.explicit_jacobian(X, W, b).transpose(2, 3, 0, 1)


@misconception("explicit_jacobian", "tanh'(z) = 1 − tanh²(z) = 1 − Y², evaluated at the outputs Y = tanh(Z); 1 − Z² "
                                    "applies it to the pre-activations.")
def jacobian_derivative_of_preactivation(reference, X, W, b):
    return _block_diagonal((1.0 - (X @ W.T + b) ** 2)[:, :, None] * W)


@misconception("explicit_jacobian", "W alone is the Jacobian of the linear part: Y = tanh(X Wᵀ + b), so each block is "
                                    "diag(1 − y_n²) W.")
def jacobian_without_activation_derivative(reference, X, W, b):
    return _block_diagonal(np.broadcast_to(W, (X.shape[0], *W.shape)))


@misconception("explicit_jacobian", "J is (N, D_out, N, D_in): output axes (n, i) first, then input axes (m, j). Yours "
                                    "is the stack of the N blocks, (N, D_out, D_in), without the zero blocks.")
def jacobian_blocks_only(reference, X, W, b):
    return _tanh_derivative(reference, X, W, b)[:, :, None] * W


@misconception("explicit_jacobian", "J keeps four axes, (N, D_out, N, D_in): outputs (n, i), then inputs (m, j). "
                                    "The (N·D_out) × (N·D_in) matrix is only its flattened view, "
                                    "J.reshape(N * D_out, N * D_in).")
def jacobian_flattened(reference, X, W, b):
    n, d_in = X.shape
    return reference.explicit_jacobian(X, W, b).reshape(n * W.shape[0], n * d_in)


# --------------------------------------------------------------------------------------------
# vjp_through_jacobian


@misconception("vjp_through_jacobian", "A VJP multiplies by Jᵀ, not J: vec(dX) = Jᵀ vec(d_out) lives on the inputs, "
                                       "(N·D_in) entries. J vec(d_out) needs D_in = D_out and is the wrong product "
                                       "even then.")
def vjp_multiplies_by_j_not_transpose(reference, J, d_out):
    n, d_o, _, d_i = J.shape
    return (J.reshape(n * d_o, n * d_i) @ d_out.reshape(-1)).reshape(n, d_i)


@misconception("vjp_through_jacobian", "The VJP must have the shape of X, (N, D_in): reshape Jᵀ vec(d_out) back.")
def vjp_not_reshaped(reference, J, d_out):
    return reference.vjp_through_jacobian(J, d_out).reshape(-1)


@misconception("vjp_through_jacobian", "This route must not assume the layer's structure: for a general J, every block "
                                       "J[n, :, m, :] counts, dX[m] = Σ_n J[n, :, m, :]ᵀ d_out[n]. You used the "
                                       "diagonal blocks only.")
def vjp_uses_diagonal_blocks_only(reference, J, d_out):
    n = np.arange(J.shape[0])
    return np.einsum("ni,nij->nj", d_out, J[n, :, n, :])


# --------------------------------------------------------------------------------------------
# vjp_direct


@misconception("vjp_direct", "The direct VJP must not build the Jacobian: on a large batch J takes gigabytes. "
                             "Compute Δ = d_out ⊙ (1 − Y²) and dX = Δ W.")
def direct_builds_jacobian(reference, X, W, b, d_out):
    n, d_in = X.shape
    if 8 * n * n * W.shape[0] * d_in > WORKER_MEMORY_BYTES:
        raise MemoryError("the explicit Jacobian does not fit in the worker")
    return reference.vjp_through_jacobian(reference.explicit_jacobian(X, W, b), d_out)


@misconception("vjp_direct", "tanh's derivative is missing: first Δ = d_out ⊙ (1 − Y²), then dX = Δ W.")
def direct_drops_activation_derivative(reference, X, W, b, d_out):
    return d_out @ W


@misconception("vjp_direct", "tanh'(z) = 1 − tanh²(z), not tanh(z): Δ = d_out ⊙ (1 − Y²).")
def direct_uses_tanh_for_derivative(reference, X, W, b, d_out):
    return (d_out * reference.dense_tanh(X, W, b)) @ W


@misconception("vjp_direct", "The upstream gradient is missing: Δ = d_out ⊙ (1 − Y²), not 1 − Y² alone.")
def direct_drops_upstream_gradient(reference, X, W, b, d_out):
    return _tanh_derivative(reference, X, W, b) @ W


# --------------------------------------------------------------------------------------------
# memory_ratio


def _bill(jacobian_entries, direct_entries, bytes_per_entry=8):
    jacobian_bytes, direct_bytes = bytes_per_entry * jacobian_entries, bytes_per_entry * direct_entries
    return jacobian_bytes, direct_bytes, jacobian_bytes / direct_bytes


@misconception("memory_ratio", "The explicit Jacobian is (N·D_out) × (N·D_in): N² blocks of D_out × D_in, of which N "
                               "are non-zero. You counted only the diagonal blocks, but a numpy array stores its "
                               "zeros too: the Jacobian's bytes grow like N².")
def memory_missing_n_squared(reference, N, D_in, D_out):
    return _bill(N * D_out * D_in + N * D_in, N * D_out + N * D_in)


@misconception("memory_ratio", "You counted entries, not bytes: a float64 takes 8 bytes.")
def memory_counts_entries(reference, N, D_in, D_out):
    return _bill(N * D_out * N * D_in + N * D_in, N * D_out + N * D_in, bytes_per_entry=1)


@misconception("memory_ratio", "Both routes also hold their result dX, N·D_in entries: add it to each bill.")
def memory_forgets_the_result(reference, N, D_in, D_out):
    return _bill(N * D_out * N * D_in, N * D_out)


@misconception("memory_ratio", "The ratio is jacobian_bytes / direct_bytes: how many times more the Jacobian route "
                               "needs (a large number), not the inverse.")
def memory_ratio_inverted(reference, N, D_in, D_out):
    jacobian_bytes, direct_bytes, _ = reference.memory_ratio(N, D_in, D_out)
    return jacobian_bytes, direct_bytes, direct_bytes / jacobian_bytes
