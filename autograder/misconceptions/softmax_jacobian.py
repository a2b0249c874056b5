"""Catalogued mistakes in softmax_jacobian, each with the note a teaching assistant would write."""

import numpy as np

from jackit.grading import misconception


def _on_the_diagonal(values):
    """values[..., :, None] · I: a batch of diagonal matrices."""
    return values[..., :, None] * np.eye(values.shape[-1])


def _outer(s):
    """s sᵀ for every row of a batch."""
    return s[..., :, None] * s[..., None, :]


def _one_hot(reference, logits, labels):
    return labels if np.ndim(labels) == 2 else reference.one_hot(labels, np.shape(logits)[1])


# --------------------------------------------------------------------------------------------
# softmax


@misconception("softmax", "e^z overflows for z above 709.8 (inf / inf = nan) and underflows to 0 for every entry "
                          "of a row far below 0 (0 / 0 = nan). softmax(z) = softmax(z − c) for any number c: "
                          "subtract each row's maximum first, so every exponent is ≤ 0 and the sum is ≥ 1.")
def softmax_no_max_subtraction(reference, z):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(z, dtype=float))
        return e / e.sum(axis=-1, keepdims=True)


@misconception("softmax", "You subtract one maximum for the whole batch: a row far below it (here about 2000 "
                          "lower) still underflows to 0 / 0 = nan. Subtract each row's own maximum, "
                          "z.max(axis=-1, keepdims=True).")
def softmax_global_max(reference, z):
    z = np.asarray(z, dtype=float)
    with np.errstate(invalid="ignore"):
        e = np.exp(z - z.max())
        return e / e.sum(axis=-1, keepdims=True)


@misconception("softmax", "The one-row formula e^(z − max z) / Σ e^(z − max z) applied to a batch divides by the "
                          "sum of the whole batch: each row must sum to 1 on its own. Take the max and the sum "
                          "along the last axis, with keepdims=True.")
def softmax_one_vector_formula(reference, z):
    z = np.asarray(z, dtype=float)
    with np.errstate(invalid="ignore"):
        e = np.exp(z - z.max())
        return e / e.sum()


@misconception("softmax", "The classes are along the last axis: normalise each row (axis=-1), not each column "
                          "(axis=0, the batch).")
def softmax_over_the_batch_axis(reference, z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


# --------------------------------------------------------------------------------------------
# softmax_jacobian


@misconception("softmax_jacobian", "diag(s(1 − s)) is only the diagonal of the softmax's Jacobian (the sigmoid "
                                   "habit): every s_i depends on every z_j through the sum, so the off-diagonal "
                                   "entries are −s_i s_j. J = diag(s) − s sᵀ.")
def jacobian_diagonal_only(reference, z):
    s = reference.softmax(z)
    return _on_the_diagonal(s * (1.0 - s))


@misconception("softmax_jacobian", "diag(s) is the Jacobian of e^z, not of e^z / Σ e^z: the sum depends on every "
                                   "z_j too, which subtracts s sᵀ. J = diag(s) − s sᵀ.")
def jacobian_outer_product_dropped(reference, z):
    return _on_the_diagonal(reference.softmax(z))


@misconception("softmax_jacobian", "The outer product is subtracted: ∂s_i/∂z_j = s_i (δ_ij − s_j), so "
                                   "J = diag(s) − s sᵀ (each row of J sums to 0, since Σ_i s_i = 1 always).")
def jacobian_outer_sign(reference, z):
    s = reference.softmax(z)
    return _on_the_diagonal(s) + _outer(s)


@misconception("softmax_jacobian", "With rows of a batch in s, s.T @ s adds up the outer products of all the rows "
                                   "(and is a single number for one row). Each row needs its own s sᵀ: "
                                   "s[..., :, None] * s[..., None, :], the batch axes in front.")
def jacobian_outer_summed_over_batch(reference, z):
    s = reference.softmax(z)
    return _on_the_diagonal(s) - s.T @ s


# --------------------------------------------------------------------------------------------
# softmax_vjp


@misconception("softmax_vjp", "s ⊙ v uses only the diagonal part diag(s) of the Jacobian: the −s sᵀ part "
                              "gives −s ⟨v, s⟩ too. vᵀJ = s ⊙ (v − ⟨v, s⟩), one inner product per row.")
def vjp_elementwise(reference, z, d_out):
    return reference.softmax(z) * d_out


@misconception("softmax_vjp", "s(1 − s) ⊙ v is the sigmoid's backward pass: it keeps only the diagonal of the "
                              "softmax's Jacobian, whose off-diagonal entries −s_i s_j are not 0. "
                              "vᵀJ = s ⊙ (v − ⟨v, s⟩).")
def vjp_diagonal_only(reference, z, d_out):
    s = reference.softmax(z)
    return s * (1.0 - s) * d_out


@misconception("softmax_vjp", "The sign of ⟨v, s⟩ is wrong: J = diag(s) − s sᵀ, so vᵀJ = s ⊙ v − s ⟨v, s⟩ "
                              "= s ⊙ (v − ⟨v, s⟩).")
def vjp_outer_sign(reference, z, d_out):
    s = reference.softmax(z)
    return s * (d_out + (d_out * s).sum(axis=-1, keepdims=True))


@misconception("softmax_vjp", "⟨v, s⟩ is one number per row: sum v ⊙ s over the last axis only "
                              "(axis=-1, keepdims=True), not over the whole batch.")
def vjp_inner_product_over_batch(reference, z, d_out):
    s = reference.softmax(z)
    return s * (d_out - (d_out * s).sum())


@misconception("softmax_vjp", "Never build the Jacobian in a backward pass: for B rows of C classes it has B·C² "
                              "entries, which runs out of memory long before C is large. vᵀ(diag(s) − s sᵀ) "
                              "= s ⊙ (v − ⟨v, s⟩) needs one inner product per row.")
def vjp_through_jacobian(reference, z, d_out):
    # The values are right wherever the matrix fits in memory: this mistake shows as a MemoryError
    # (or a timeout) on the large batch, never as a wrong value.
    return reference.softmax_vjp(z, d_out)


# --------------------------------------------------------------------------------------------
# cross_entropy


@misconception("cross_entropy", "The gradient has the wrong sign: ∂L/∂z = s − y (raising the score of the true "
                                "class lowers the loss), so d_logits = (S − Y) / N, not (Y − S) / N.")
def ce_gradient_sign(reference, logits, labels):
    loss, d_logits = reference.cross_entropy(logits, labels)
    return loss, -d_logits


@misconception("cross_entropy", "The loss is the mean over the N samples, so its gradient carries the same 1/N: "
                                "d_logits = (S − Y) / N, not S − Y.")
def ce_gradient_not_averaged(reference, logits, labels):
    loss, d_logits = reference.cross_entropy(logits, labels)
    return loss, d_logits * np.shape(logits)[0]


@misconception("cross_entropy", "Return the mean over the batch, L = −(1/N) Σ_n log S[n, k_n], and its gradient "
                                "(S − Y) / N: yours are the sums, N times too large.")
def ce_summed_over_batch(reference, logits, labels):
    loss, d_logits = reference.cross_entropy(logits, labels)
    n = np.shape(logits)[0]
    return loss * n, d_logits * n


@misconception("cross_entropy", "−y / s is the gradient with respect to the probabilities s; through the softmax's "
                                "Jacobian it becomes the gradient with respect to the logits, s − y. "
                                "d_logits = (S − Y) / N.")
def ce_gradient_wrt_probabilities(reference, logits, labels):
    loss, _ = reference.cross_entropy(logits, labels)
    y = _one_hot(reference, logits, labels)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return loss, -y / reference.softmax(logits) / np.shape(logits)[0]


@misconception("cross_entropy", "log(softmax(z)) is −inf where the softmax rounds to 0 (a true class 800 below the "
                                "best score): compute log S directly, log S = (z − max z) − log Σ e^(z − max z), "
                                "which stays finite.")
def ce_loss_log_of_softmax(reference, logits, labels):
    _, d_logits = reference.cross_entropy(logits, labels)
    y = _one_hot(reference, logits, labels)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_s = np.log(reference.softmax(logits))
        return float(-np.where(y > 0, log_s, 0.0).sum() / log_s.shape[0]), d_logits


@misconception("cross_entropy", "Clipping s (as in log(s + ε) or log(max(s, ε))) hides the log 0, but changes "
                                "the loss where s is tiny: log S = (z − max z) − log Σ e^(z − max z) is exact "
                                "and finite.")
def ce_loss_clipped_log(reference, logits, labels):
    _, d_logits = reference.cross_entropy(logits, labels)
    y = _one_hot(reference, logits, labels)
    log_s = np.log(np.maximum(reference.softmax(logits), 1e-12))
    return float(-(y * log_s).sum() / log_s.shape[0]), d_logits
