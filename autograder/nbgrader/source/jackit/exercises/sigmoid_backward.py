"""Exercise 3 — the sigmoid: a stable forward pass, a diagonal Jacobian, an element-wise backward pass.

The logistic sigmoid squashes any real number into (0, 1), and its derivative is written with
itself:

    σ(z) = 1 / (1 + e^(−z)),        σ'(z) = σ(z) (1 − σ(z)).

Stability. Taken literally, 1 / (1 + e^(−z)) computes e^(−z) = e^1000 = inf at z = −1000: numpy
warns "overflow encountered in exp", and for −745 < z < −709.8 the true value (e^z, tiny but not
0) is lost. The other textbook form, e^z / (1 + e^z), fails the other way: inf / inf = nan for
z > 709.8. Both formulas are σ, so use each where it is safe. With e = e^(−|z|), which lies in
(0, 1] and cannot overflow:

    σ(z) = 1 / (1 + e)    for z ≥ 0,          σ(z) = e / (1 + e)    for z < 0.

The second form also keeps the tiny values of the left tail to full precision: σ(−700) ≈ 9.9e−305,
not 0 (log σ and the cross-entropy need them).

The Jacobian. Applied to a vector z ∈ ℝⁿ entry by entry, output i depends on input i alone, so the
Jacobian is diagonal:

    J = ∂σ(z)/∂z = diag(σ'(z_1), …, σ'(z_n)),       J[i, j] = σ'(z_i) δ_ij.

The backward pass. Given the upstream gradient g = ∂L/∂σ(z) of a scalar loss L (shape of z), the
chain rule gives ∂L/∂z = gᵀ J, and with a diagonal J that is an element-wise product:

    ∂L/∂z = σ'(z) ⊙ g.

J has n² entries of which only n are not 0; for a batch of B vectors, the Jacobian of the whole
batch map is (B·n) × (B·n). The backward pass of every element-wise activation is a product of
two arrays of the shape of z, never a matrix.

All functions take and return float64 arrays.
"""

import numpy as np


def sigmoid(z):
    """The logistic sigmoid σ(z) = 1 / (1 + e^(−z)), entry by entry, stable for every z.

    No overflow and no warning anywhere, z = ±1000 included, and full relative precision in the
    left tail where σ(z) ≈ e^z is tiny: σ(−40) ≈ 4.2e−18 and σ(−720) ≈ 2.0e−313, not 0.

    Args:
        z: float64 array of any shape S (0-d included).

    Returns:
        float64 array of shape S, σ(z) in [0, 1] (exactly 0.0 where e^z is below the smallest
        float64, z < −745.2, and exactly 1.0 where σ(z) rounds to 1).

    Example:
        >>> sigmoid(np.array([-1000.0, -700.0, 0.0, 2.0, 1000.0]))
        array([0.00000000e+000, 9.85967654e-305, 5.00000000e-001, 8.80797078e-001,
               1.00000000e+000])
    """
    # TODO: compute e^(−|z|) (never overflows), then 1/(1+e) for z ≥ 0 and e/(1+e) for z < 0
    raise NotImplementedError("TODO(sigmoid_backward)")


def sigmoid_jacobian(z):
    """The Jacobian of z ↦ σ(z) for every vector of a batch: diagonal, with σ'(z) on the diagonal.

    J[..., i, j] = ∂σ(z_i)/∂z_j = σ'(z_i) if i = j, else 0, where σ'(z) = σ(z) (1 − σ(z)).
    (Build it to look at it; sigmoid_backward must not.)

    Args:
        z: float64 array of shape S + (n,): a batch of vectors of length n (S may be (), one vector).

    Returns:
        float64 array of shape S + (n, n): one n × n diagonal Jacobian per vector of the batch
        (rows are outputs, columns are inputs).

    Example:
        >>> sigmoid_jacobian(np.array([[0.0, 2.0]]))
        array([[[0.25      , 0.        ],
                [0.        , 0.10499359]]])
    """
    # TODO: put σ'(z) = σ(1 − σ) on the diagonal of a (…, n, n) array, zeros elsewhere
    raise NotImplementedError("TODO(sigmoid_backward)")


def sigmoid_backward(z, d_out):
    """The backward pass of y = σ(z): the gradient ∂L/∂z, given the upstream gradient d_out = ∂L/∂y.

    ∂L/∂z = d_outᵀ J = σ'(z) ⊙ d_out, entry by entry: J is diagonal, so never build it. It must
    work for any shape and for large batches: for z of shape (32, 8192), the Jacobian of the
    whole batch would have (32 · 8192)² ≈ 6.9e10 entries (550 GB), the answer has 262 144.

    Args:
        z: float64 array of any shape S (0-d included), the pre-activations of the forward pass.
        d_out: float64 array of shape S, the upstream gradient ∂L/∂σ(z).

    Returns:
        float64 array of shape S, d_in = ∂L/∂z.

    Example:
        >>> sigmoid_backward(np.array([0.0, 2.0]), np.array([4.0, -1.0]))
        array([ 1.        , -0.10499359])

        σ'(0) = 0.5 · 0.5 = 0.25, so the first entry is 0.25 · 4 = 1.
    """
    # TODO: multiply σ'(z) = σ(1 − σ) by d_out, entry by entry
    raise NotImplementedError("TODO(sigmoid_backward)")
