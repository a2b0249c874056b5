"""Catalogued mistakes in sigmoid_backward, each with the note a teaching assistant would write."""

import numpy as np

from jackit.grading import misconception


def _slope(reference, z):
    """σ'(z) = σ(z)(1 − σ(z)), the right diagonal."""
    s = reference.sigmoid(z)
    return s * (1.0 - s)


def _on_the_diagonal(values):
    """values[..., :, None] · I: a batch of diagonal matrices."""
    return values[..., :, None] * np.eye(values.shape[-1])


# --------------------------------------------------------------------------------------------
# sigmoid


@misconception("sigmoid", "1 / (1 + e^(−z)) overflows for z below −709.8: e^(−z) is inf (numpy warns “overflow "
                          "encountered in exp”) and the tiny true value σ(z) ≈ e^z becomes 0. Compute "
                          "e = e^(−|z|), which is never above 1, and use 1/(1 + e) for z ≥ 0, e/(1 + e) for z < 0.")
def unstable_exp_overflow(reference, z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


@misconception("sigmoid", "e^z / (1 + e^z) overflows for z above 709.8: inf / inf is nan. Compute e = e^(−|z|), "
                          "which is never above 1, and use 1/(1 + e) for z ≥ 0, e/(1 + e) for z < 0.")
def unstable_ratio_nan(reference, z):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(z, dtype=float))
        return e / (1.0 + e)


@misconception("sigmoid", "0.5 (1 + tanh(z/2)) and 1 − σ(−z) are σ(z) on paper, but for z below about −37 they "
                          "subtract two numbers that both round to 1: 1 + tanh(z/2) = 1 − 1 = 0, and every digit "
                          "of σ(−40) ≈ 4.2e−18 is lost. For z < 0 use e^z / (1 + e^z), which keeps the tiny values.")
def tanh_cancellation(reference, z):
    return 0.5 * (1.0 + np.tanh(np.asarray(z, dtype=float) / 2.0))


@misconception("sigmoid", "Clipping z (here to [−500, 500]) hides the overflow but changes the function: "
                          "σ(−600) ≈ 2.7e−261, not σ(−500) ≈ 7.1e−218. Keep z as it is and choose a formula "
                          "that cannot overflow: e^(−|z|) is never above 1.")
def clipped_input(reference, z):
    return reference.sigmoid(np.clip(np.asarray(z, dtype=float), -500.0, 500.0))


# --------------------------------------------------------------------------------------------
# sigmoid_jacobian


@misconception("sigmoid_jacobian", "The diagonal holds the derivative σ'(z) = σ(z)(1 − σ(z)), not σ(z) itself.")
def jacobian_of_sigma_not_slope(reference, z):
    return _on_the_diagonal(reference.sigmoid(z))


@misconception("sigmoid_jacobian", "σ'(z) = σ(z)(1 − σ(z)), with a minus sign: σ(1 + σ) is not the derivative "
                                   "(it is above 1, where σ' is at most 1/4).")
def jacobian_one_plus_sigma(reference, z):
    s = reference.sigmoid(z)
    return _on_the_diagonal(s * (1.0 + s))


@misconception("sigmoid_jacobian", "1 − σ² is the derivative of tanh (1 − tanh²), not of the sigmoid: "
                                   "σ'(z) = σ(z)(1 − σ(z)).")
def jacobian_tanh_derivative(reference, z):
    s = reference.sigmoid(z)
    return _on_the_diagonal(1.0 - s * s)


@misconception("sigmoid_jacobian", "The off-diagonal entries must be 0: output i depends on input i alone. "
                                   "Broadcasting σ'(z)[..., :, None] to (n, n) fills every column; multiply by "
                                   "np.eye(n) to keep only the diagonal.")
def jacobian_rows_filled(reference, z):
    slope = _slope(reference, z)
    return np.broadcast_to(slope[..., :, None], slope.shape + slope.shape[-1:]).copy()


@misconception("sigmoid_jacobian", "The off-diagonal entries must be 0: output i depends on input i alone. "
                                   "Broadcasting σ'(z)[..., None, :] to (n, n) fills every row; multiply by "
                                   "np.eye(n) to keep only the diagonal.")
def jacobian_columns_filled(reference, z):
    slope = _slope(reference, z)
    return np.broadcast_to(slope[..., None, :], slope.shape + slope.shape[-1:]).copy()


@misconception("sigmoid_jacobian", "np.diag builds a diagonal matrix only from a 1-D array: given a batch (B, n) "
                                   "it extracts a diagonal instead. Build the (…, n, n) array with "
                                   "σ'(z)[..., :, None] * np.eye(n).")
def jacobian_np_diag_on_batch(reference, z):
    return np.diag(_slope(reference, z))


@misconception("sigmoid_jacobian", "Return one n × n Jacobian per vector of the batch, shape S + (n, n), not the "
                                   "Jacobian of the whole flattened batch.")
def jacobian_of_the_whole_batch(reference, z):
    return np.diag(_slope(reference, z).ravel())


# --------------------------------------------------------------------------------------------
# sigmoid_backward


@misconception("sigmoid_backward", "The backward pass multiplies d_out by the derivative σ'(z) = σ(z)(1 − σ(z)), "
                                   "not by σ(z).")
def backward_sigma_not_slope(reference, z, d_out):
    return np.asarray(d_out, dtype=float) * reference.sigmoid(z)


@misconception("sigmoid_backward", "σ'(z) = σ(z)(1 − σ(z)), with a minus sign: σ(1 + σ) is not the derivative.")
def backward_one_plus_sigma(reference, z, d_out):
    s = reference.sigmoid(z)
    return np.asarray(d_out, dtype=float) * s * (1.0 + s)


@misconception("sigmoid_backward", "1 − σ² is the derivative of tanh (1 − tanh²), not of the sigmoid: "
                                   "σ'(z) = σ(z)(1 − σ(z)).")
def backward_tanh_derivative(reference, z, d_out):
    s = reference.sigmoid(z)
    return np.asarray(d_out, dtype=float) * (1.0 - s * s)


@misconception("sigmoid_backward", "You returned σ'(z) alone: the chain rule multiplies it by the upstream "
                                   "gradient, ∂L/∂z = σ'(z) ⊙ d_out.")
def upstream_dropped(reference, z, d_out):
    return _slope(reference, z)


@misconception("sigmoid_backward", "Don't divide by the batch size: each entry of ∂L/∂z is σ'(z) times its own "
                                   "d_out entry. If the loss is a mean, its 1/B is already inside d_out.")
def divided_by_batch_size(reference, z, d_out):
    return reference.sigmoid_backward(z, d_out) / np.shape(z)[0]


@misconception("sigmoid_backward", "Each input z_j affects output j alone, so ∂L/∂z_j = σ'(z_j) d_out_j: no sum "
                                   "over the outputs. (Summing is d_outᵀ J with every column of J filled, not "
                                   "the diagonal J.)")
def backward_summed_over_outputs(reference, z, d_out):
    product = reference.sigmoid_backward(z, d_out)
    return np.broadcast_to(product.sum(axis=-1, keepdims=True), product.shape).copy()


@misconception("sigmoid_backward", "Never build the Jacobian in a backward pass: for a (B, n) batch it has "
                                   "(B·n)² entries, which runs out of memory long before the batch is large. "
                                   "It is diagonal, so d_outᵀ J is the element-wise product σ'(z) * d_out.")
def dense_jacobian_backward(reference, z, d_out):
    # The values are right wherever the matrix fits in memory: this mistake shows as a MemoryError
    # (or a timeout) on the large batch, never as a wrong value.
    return reference.sigmoid_backward(z, d_out)
