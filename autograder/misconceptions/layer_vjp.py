"""Catalogued mistakes in layer_vjp, each with the note a teaching assistant would write."""

import numpy as np

from jackit.grading import misconception


def _sigmoid_derivative(reference, Z):
    s = reference.sigmoid(Z)
    return s * (1.0 - s)


def _gradients(delta, X, W):
    """dX, dW, db from a (possibly wrong) gradient with respect to Z."""
    return delta @ W, delta.T @ X, delta.sum(axis=0)


def _delta(reference, d_out, cache):
    X, W, Z = cache
    return d_out * _sigmoid_derivative(reference, Z)


# --------------------------------------------------------------------------------------------
# dense_forward


@misconception("dense_forward", "The bias is missing: Z = X Wᵀ + b, with b added to every row.")
def forward_drops_bias(reference, X, W, b):
    return reference.dense_forward(X, W, np.zeros_like(b))


@misconception("dense_forward", "The cache must hold the pre-activations Z = X Wᵀ + b, not the outputs Y = σ(Z): "
                                "return (Y, (X, W, Z)).")
def cache_stores_activation(reference, X, W, b):
    Y, (X_, W_, _) = reference.dense_forward(X, W, b)
    return Y, (X_, W_, Y)


@misconception("dense_forward", "Samples are rows: with X of shape (N, D_in), Z = X Wᵀ + b has shape (N, D_out). "
                                "You computed W Xᵀ, one sample per column.")
def forward_output_transposed(reference, X, W, b):
    Y, (X_, W_, Z) = reference.dense_forward(X, W, b)
    return Y.T, (X_, W_, Z.T)


# --------------------------------------------------------------------------------------------
# dense_backward


@misconception("dense_backward", "dX is missing σ'(Z): the gradient reaches X through the sigmoid, so "
                                 "dX = (d_out ⊙ σ'(Z)) W, not d_out W.")
def dx_drops_activation_derivative(reference, d_out, cache):
    dX, dW, db = reference.dense_backward(d_out, cache)
    return d_out @ cache[1], dW, db


@misconception("dense_backward", "Your dX has shape (D_in, N): samples are rows, so dX = Δ W with Δ = d_out ⊙ σ'(Z) "
                                 "of shape (N, D_out). Wᵀ Δ is the column-vector formula for a single sample.")
def dx_transposed(reference, d_out, cache):
    dX, dW, db = reference.dense_backward(d_out, cache)
    return dX.T, dW, db


@misconception("dense_backward", "dX uses Wᵀ where it needs W: Z = X Wᵀ + b, so ∂L/∂X = Δ W (shape (N, D_out) times "
                                 "(D_out, D_in)).")
def dx_uses_w_transpose(reference, d_out, cache):
    dX, dW, db = reference.dense_backward(d_out, cache)
    return _delta(reference, d_out, cache) @ cache[1].T, dW, db


@misconception("dense_backward", "Your db is 1/N of the right one: b is added to every sample, so its gradient is "
                                 "the sum over the batch, not the mean.")
def db_averaged(reference, d_out, cache):
    dX, dW, db = reference.dense_backward(d_out, cache)
    return dX, dW, db / d_out.shape[0]


@misconception("dense_backward", "db must have the shape of b, (D_out,): sum Δ = d_out ⊙ σ'(Z) over the batch axis.")
def db_keeps_batch_axis(reference, d_out, cache):
    dX, dW, _ = reference.dense_backward(d_out, cache)
    return dX, dW, _delta(reference, d_out, cache)


@misconception("dense_backward", "You multiplied by σ(Z) where the chain rule needs its derivative "
                                 "σ'(Z) = σ(Z)(1 − σ(Z)).")
def sigmoid_used_for_derivative(reference, d_out, cache):
    X, W, Z = cache
    return _gradients(d_out * reference.sigmoid(Z), X, W)


@misconception("dense_backward", "The cache holds Z, not Y: σ'(Z) = σ(Z)(1 − σ(Z)); Z(1 − Z) applies the formula "
                                 "for y(1 − y) to the pre-activations.")
def derivative_of_preactivation(reference, d_out, cache):
    X, W, Z = cache
    return _gradients(d_out * Z * (1.0 - Z), X, W)


@misconception("dense_backward", "The sigmoid's derivative is missing: first Δ = d_out ⊙ σ'(Z), then dX, dW and db "
                                 "from Δ.")
def activation_derivative_dropped(reference, d_out, cache):
    X, W, _ = cache
    return _gradients(d_out, X, W)


@misconception("dense_backward", "The upstream gradient is missing: Δ = d_out ⊙ σ'(Z), not σ'(Z) alone (backprop "
                                 "multiplies by ∂L/∂Y at every step).")
def upstream_gradient_dropped(reference, d_out, cache):
    X, W, Z = cache
    return _gradients(_sigmoid_derivative(reference, Z), X, W)


@misconception("dense_backward", "dW must have the shape of W, (D_out, D_in): dW = Δᵀ X, not Xᵀ Δ.")
def dw_transposed(reference, d_out, cache):
    dX, dW, db = reference.dense_backward(d_out, cache)
    return dX, dW.T, db


@misconception("dense_backward", "dW is missing σ'(Z): W reaches the loss through the sigmoid too, so "
                                 "dW = (d_out ⊙ σ'(Z))ᵀ X.")
def dw_missing_derivative(reference, d_out, cache):
    dX, _, db = reference.dense_backward(d_out, cache)
    return dX, d_out.T @ cache[0], db


# --------------------------------------------------------------------------------------------
# layer_jacobian


@misconception("layer_jacobian", "Rows are outputs y_i, columns are inputs x_j: the Jacobian has shape "
                                 "(D_out, D_in) and yours is transposed.")
def jacobian_transposed(reference, x, W, b):
    return reference.layer_jacobian(x, W, b).T


@misconception("layer_jacobian", "W alone is the Jacobian of the linear part only: y = σ(W x + b), so "
                                 "J = diag(σ'(z)) W.")
def jacobian_without_activation_derivative(reference, x, W, b):
    return np.array(W, dtype=float)


@misconception("layer_jacobian", "Row i of J is scaled by σ'(z_i) = σ(z_i)(1 − σ(z_i)), not by σ(z_i).")
def jacobian_uses_sigmoid(reference, x, W, b):
    return reference.sigmoid(W @ x + b)[:, None] * W


@misconception("layer_jacobian", "σ' is evaluated at z = W x + b: the bias is missing.")
def jacobian_forgets_bias(reference, x, W, b):
    return reference.layer_jacobian(x, W, np.zeros_like(b))


# --------------------------------------------------------------------------------------------
# vjp_from_jacobian


@misconception("vjp_from_jacobian", "J.T reverses all the axes of J, input axes included: that is Jᵀ v only for a "
                                    "matrix. Sum v[i…] J[i…, j…] over the first v.ndim axes "
                                    "(np.tensordot(v, J, axes=v.ndim)).")
def vjp_reverses_all_axes(reference, J, v):
    return np.asarray(J).T @ v


@misconception("vjp_from_jacobian", "v @ J contracts v with the second-to-last axis of J, which is an output axis "
                                    "only for a matrix. Sum v[i…] J[i…, j…] over the first v.ndim axes of J.")
def vjp_matmul_from_the_left(reference, J, v):
    return v @ np.asarray(J)
