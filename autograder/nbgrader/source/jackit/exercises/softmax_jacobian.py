"""Beyond the core — the softmax: a stable forward pass, a full Jacobian, a VJP that never builds it.

The softmax turns a vector of C scores (logits) z into a probability distribution s:

    s = softmax(z),    s_i = e^(z_i) / Σ_k e^(z_k),    s_i > 0,  Σ_i s_i = 1.

Stability. softmax(z − c) = softmax(z) for every number c: the factor e^(−c) cancels. With
c = max_k z_k every exponent is ≤ 0, so nothing overflows (e^1000 is inf in float64, and inf / inf
is nan), and the largest term is e^0 = 1, so the sum is at least 1 and never 0 (e^(−1000) is 0,
and 0 / 0 is nan too).

The Jacobian. Unlike the sigmoid, every output depends on every input, through the shared sum:

    ∂s_i/∂z_j = s_i (δ_ij − s_j),        J = diag(s) − s sᵀ,        shape (C, C).

Its diagonal is s_i (1 − s_i), the sigmoid's formula, but its off-diagonal entries −s_i s_j are not
0. J is symmetric, and each of its rows sums to 0: Σ_i s_i = 1 whatever z, so moving every z_j by
the same amount changes nothing.

The VJP. Given the upstream gradient v = ∂L/∂s of a scalar loss L, the chain rule gives

    ∂L/∂z = vᵀ J = s ⊙ v − s (sᵀ v) = s ⊙ (v − ⟨v, s⟩):

one inner product and two element-wise products per row, O(C) work and memory, where building J
costs O(C²).

Cross-entropy. For a sample with label k (one-hot y = e_k), L = −log s_k = −Σ_i y_i log s_i, and

    ∂L/∂z = s − y.

Averaged over a batch of N samples, L = (1/N) Σ_n L_n, so ∂L/∂Z = (S − Y) / N, row n being
(s_n − y_n) / N. Compute log s by log-sum-exp, log s = (z − m) − log Σ_k e^(z_k − m) with m = max z:
it stays finite where s itself rounds to 0 (log 0 = −inf).

Batches. The softmax acts on the last axis: logits of shape S + (C,) give probabilities of shape
S + (C,), and one C × C Jacobian per row, shape S + (C, C) (rows of a batch do not interact).
All arrays are float64; integer labels are int64.
"""

import numpy as np


def one_hot(labels, num_classes):
    """The one-hot rows of integer labels (given): Y[n, c] = 1.0 if c == labels[n], else 0.0.

    Args:
        labels: int64 array of shape (N,), each in 0 … num_classes − 1.
        num_classes: the number of classes C.

    Returns:
        float64 array of shape (N, C).

    >>> one_hot(np.array([2, 0]), 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    return np.eye(num_classes)[np.asarray(labels)]


def softmax(z):
    """The softmax of every row of a batch, along the last axis, stable for logits of any size.

        s[..., i] = e^(z[..., i]) / Σ_k e^(z[..., k])

    Subtract each row's own maximum first (softmax(z − c) = softmax(z)): no overflow and no 0 / 0,
    z = ±1000 included, and rows far apart (one around +1000, another around −1000) in one batch.

    Args:
        z: float64 array of shape S + (C,): a batch of rows of C logits (S may be (), one row).

    Returns:
        float64 array of shape S + (C,), each row positive (entries that are 0 to float64 precision
        may be exactly 0.0) and summing to 1.

    Example:
        Rows are normalised one by one; adding 1000 to a whole row changes nothing:
        >>> softmax(np.array([[0.0, np.log(3.0)], [1000.0, 1000.0 + np.log(3.0)]]))
        array([[0.25, 0.75],
               [0.25, 0.75]])
    """
    # TODO: subtract each row's max (axis=-1, keepdims=True), exponentiate, divide by the row sums
    raise NotImplementedError("TODO(softmax_jacobian)")


def softmax_jacobian(z):
    """The full Jacobian of z ↦ softmax(z) for every row of a batch: J = diag(s) − s sᵀ.

        J[..., i, j] = ∂s_i/∂z_j = s_i (δ_ij − s_j),    s = softmax(z) of the row.

    Not diagonal: every s_i depends on every z_j through the sum. (Build it to look at it;
    softmax_vjp must not.)

    Args:
        z: float64 array of shape S + (C,): a batch of rows of C logits (S may be (), one row).

    Returns:
        float64 array of shape S + (C, C): one C × C Jacobian per row of the batch, rows of J are
        the outputs s_i, columns the inputs z_j.

    Example:
        z = log (1, 1, 2) gives s = (1/4, 1/4, 1/2), and 16 J = 16 diag(s) − 16 s sᵀ:
        >>> np.round(16 * softmax_jacobian(np.log([1.0, 1.0, 2.0])), 12)
        array([[ 3., -1., -2.],
               [-1.,  3., -2.],
               [-2., -2.,  4.]])
    """
    # TODO: s = softmax(z); build diag(s) − s sᵀ for every row, the batch axes in front (shape S + (C, C))
    raise NotImplementedError("TODO(softmax_jacobian)")


def softmax_vjp(z, d_out):
    """The backward pass of s = softmax(z): ∂L/∂z = vᵀ J, row by row, without building J.

    With v = d_out[..., :] = ∂L/∂s the upstream gradient of a row and s = softmax(z) of that row,

        vᵀ J = vᵀ (diag(s) − s sᵀ) = s ⊙ (v − ⟨v, s⟩),    ⟨v, s⟩ = Σ_i v_i s_i (one number per row).

    Never build J: for a batch of B rows of C classes it has B·C² entries (a single row of 12 000
    classes: 1.15 GB), the answer B·C.

    Args:
        z: float64 array of shape S + (C,), the logits of the forward pass.
        d_out: float64 array of shape S + (C,), the upstream gradient ∂L/∂softmax(z).

    Returns:
        float64 array of shape S + (C,), d_in = ∂L/∂z.

    Example:
        s = (1/4, 1/4, 1/2) and v = (1, 0, −1): ⟨v, s⟩ = −1/4, so vᵀJ = s ⊙ (5/4, 1/4, −3/4):
        >>> 16 * softmax_vjp(np.log([1.0, 1.0, 2.0]), np.array([1.0, 0.0, -1.0]))
        array([ 5.,  1., -6.])
    """
    # TODO: s = softmax(z); ⟨v, s⟩ per row (sum over axis=-1, keepdims=True); return s ⊙ (d_out − ⟨v, s⟩)
    raise NotImplementedError("TODO(softmax_jacobian)")


def cross_entropy(logits, labels):
    """The mean cross-entropy of a batch of logits against its labels, and its gradient.

    With S = softmax(logits) row by row and Y the one-hot labels:

        L = −(1/N) Σ_n log S[n, k_n]  (k_n the class of sample n),        ∂L/∂logits = (S − Y) / N.

    The 1/N comes from the mean. Both must stay exact for logits of any size, |logits| ≈ 1000
    included, where S[n, k_n] may round to 0: compute log S by log-sum-exp after subtracting each
    row's maximum m, log S = (z − m) − log Σ_k e^(z_k − m), never as the log of S.

    Args:
        logits: float64 array of shape (N, C), one row of class scores per sample.
        labels: either an int64 array of shape (N,), the class of each sample in 0 … C − 1, or a
            float64 array of shape (N, C) of one-hot rows (one_hot(labels, C)). Both mean the same.

    Returns:
        (loss, d_logits): loss a float, the mean cross-entropy L; d_logits the float64 array
        ∂L/∂logits = (S − Y) / N of shape (N, C).

    Example:
        Rows z = (0, log 3) and (log 3, 0), both labelled 1: S = (1/4, 3/4) and (3/4, 1/4), so
        L = (log(4/3) + log 4) / 2 and ∂L/∂Z = ((1/4, −1/4), (3/4, −3/4)) / 2:
        >>> loss, d_logits = cross_entropy(np.log([[1.0, 3.0], [3.0, 1.0]]), np.array([1, 1]))
        >>> round(loss, 6)
        0.836988
        >>> 8 * d_logits
        array([[ 1., -1.],
               [ 3., -3.]])
    """
    # TODO: Y = one-hot labels; log S by log-sum-exp after subtracting each row's max; L = −Σ Y ⊙ log S / N; gradient (S − Y) / N
    raise NotImplementedError("TODO(softmax_jacobian)")
