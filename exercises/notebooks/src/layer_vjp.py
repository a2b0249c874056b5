# Source of exercises/notebooks/layer_vjp.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # Exercise 4 — backpropagation through a dense layer: the VJP, and the Jacobian it never builds
#
# A dense layer with a sigmoid maps a batch of $N$ inputs, the rows of $X$, to $N$ outputs:
#
# $$Z = X W^\top + b, \qquad Y = \sigma(Z), \qquad
#   X: (N, D_\text{in}),\ W: (D_\text{out}, D_\text{in}),\ b: (D_\text{out}),\ Y: (N, D_\text{out}).$$
#
# For one sample $x$ the layer is $y = \sigma(Wx + b)$, the composition of a linear map (Jacobian $W$)
# and an element-wise sigmoid (Jacobian $\operatorname{diag}(\sigma'(z))$, exercise 3). The chain rule
# multiplies the two:
#
# $$J = \frac{\partial y}{\partial x} = \operatorname{diag}\big(\sigma'(z)\big)\,W,
#   \qquad z = Wx + b .$$
#
# Backpropagation never builds this matrix. It receives the upstream gradient
# $\partial L/\partial Y$ and returns $\partial L/\partial X$, $\partial L/\partial W$,
# $\partial L/\partial b$ by vector-Jacobian products, which cost about as much as the forward pass.
#
# **How to work.** Edit `../layer_vjp.py`, save it, run the cells here again (your module is reloaded
# at every run). Each part ends with a self-check cell, the same checks as `jackit check`.

# %%
%load_ext autoreload
%autoreload 2

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path("..").resolve()))  # the folder that holds your exercise modules

import matplotlib.pyplot as plt
import numpy as np

import layer_vjp as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo
from jackit.oracles import numerical_vjp, relative_error

# %% [markdown]
# ## Part 1 — the forward pass (`dense_forward`)
#
# Return $Y = \sigma(XW^\top + b)$ and the cache `(X, W, Z)` that the backward pass will need. Each
# output unit $i$ is a soft step across the line $w_i \cdot x + b_i = 0$ of the input plane, steeper
# the longer $w_i$ is. Here are the three units of a layer with two inputs, over a grid of inputs:

# %%
W = np.array([[2.0, -1.0], [0.5, 3.0], [-4.0, -4.0]])
b = np.array([0.5, -1.0, 1.0])

with skip_if_todo():
    grid = np.linspace(-2, 2, 161)
    points = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)   # a batch of 161² inputs
    Y, cache = mine.dense_forward(points, W, b)
    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    for i, ax in enumerate(axes):
        image = ax.imshow(Y[:, i].reshape(161, 161), origin="lower", extent=(-2, 2, -2, 2), cmap="RdBu_r",
                          vmin=0, vmax=1)
        ax.set(title=f"unit {i}: σ({W[i, 0]:g} x₀ {W[i, 1]:+g} x₁ {b[i]:+g})", xlabel="x₀", ylabel="x₁")
    fig.colorbar(image, ax=axes, shrink=0.8)
    plt.show()
    print("cache shapes:", [part.shape for part in cache])

# %%
check("layer_vjp", "forward")

# %% [markdown]
# ## Part 2 — the backward pass (`dense_backward`)
#
# One step of the chain rule at a time. Through the sigmoid, entry by entry (exercise 3):
#
# $$\Delta = \frac{\partial L}{\partial Z} = \frac{\partial L}{\partial Y} \odot \sigma'(Z).$$
#
# Then through $Z_{ni} = \sum_j X_{nj} W_{ij} + b_i$, asking what each entry of $Z$ depends on:
#
# $$\frac{\partial L}{\partial X} = \Delta\,W, \qquad
#   \frac{\partial L}{\partial W} = \Delta^\top X, \qquad
#   \frac{\partial L}{\partial b} = \sum_n \Delta_{n}.$$
#
# Every gradient has the shape of what it differentiates: let the shapes tell you where the
# transposes go. $W$ and $b$ serve every sample, so their gradients add up the samples. Below, your
# three gradients against central differences of the loss $L = \sum d_\text{out} \odot Y$:

# %%
rng = np.random.default_rng(0)
X = rng.standard_normal((5, 3))
W2 = rng.standard_normal((4, 3))
b2 = rng.standard_normal(4)
d_out = rng.standard_normal((5, 4))


def layer(X, W, b):
    return mine.sigmoid(X @ W.T + b)


with skip_if_todo():
    dX, dW, db = mine.dense_backward(d_out, (X, W2, X @ W2.T + b2))
    oracles = {
        "dX": numerical_vjp(lambda X_: layer(X_, W2, b2), X, d_out),
        "dW": numerical_vjp(lambda W_: layer(X, W_, b2), W2, d_out),
        "db": numerical_vjp(lambda b_: layer(X, W2, b_), b2, d_out),
    }
    for name, yours in zip(oracles, (dX, dW, db)):
        print(f"{name}: shape {np.shape(yours)}, relative error against finite differences "
              f"{relative_error(yours, oracles[name]):.1e}")

# %%
check("layer_vjp", "backward")

# %% [markdown]
# ## Part 3 — the layer's Jacobian (`layer_jacobian`)
#
# For one sample, $J = \operatorname{diag}(\sigma'(z))\,W$: row $i$ of $W$ times $\sigma'(z_i)$. It is
# the best linear approximation of the layer near $x$: a small circle of inputs around $x$ goes to
# (almost) the ellipse $y + J\,\delta$. The plot draws both, for a layer with two inputs and two
# outputs: the true images of the circle (black) and what your Jacobian predicts (red, dashed).

# %%
W_small = np.array([[1.5, -0.8], [0.6, 1.2]])
b_small = np.array([0.2, -0.4])
x = np.array([0.3, 0.5])

with skip_if_todo():
    J = mine.layer_jacobian(x, W_small, b_small)
    print("J =\n", J)
    angles = np.linspace(0, 2 * np.pi, 200)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
    for ax, radius in zip(axes, (0.15, 0.8)):
        circle = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
        y = mine.sigmoid(W_small @ x + b_small)
        true_images = mine.sigmoid((x + circle) @ W_small.T + b_small)
        predicted = y + circle @ J.T
        ax.plot(*true_images.T, color="black", label="the layer's images of the circle")
        ax.plot(*predicted.T, color="tab:red", linestyle="--", label="y + J δ: what J predicts")
        ax.plot(*y, "o", color="tab:red")
        ax.set(aspect="equal", title=f"a circle of radius {radius} around x", xlabel="y₀", ylabel="y₁")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=2)
    fig.subplots_adjust(bottom=0.2)
    plt.show()

# %%
check("layer_vjp", "jacobian")

# %% [markdown]
# ## Part 4 — a VJP from a Jacobian, and why backprop never does it that way (`vjp_from_jacobian`)
#
# Given a Jacobian of shape $(\text{out}\ldots, \text{in}\ldots)$ and an upstream gradient $v$ of the
# output's shape, the VJP sums over every output index:
#
# $$(v^\top J)_{j\ldots} = \sum_{i\ldots} v_{i\ldots}\, J_{i\ldots,\, j\ldots}.$$
#
# For the whole batch, $\partial Y/\partial X$ has shape $(N, D_\text{out}, N, D_\text{in})$, and its
# VJP with $v = \partial L/\partial Y$ is exactly the $\partial L/\partial X$ of Part 2. But look at
# that Jacobian (flattened to a matrix): sample $n$'s outputs depend on sample $n$'s inputs only, so
# all but $N$ blocks are zero.

# %%
def batch_jacobian(X, W, b):
    """∂Y/∂X for the whole batch, shape (N, D_out, N, D_in): J[n, i, m, j] = δ_nm σ'(Z[n, i]) W[i, j]."""
    s = mine.sigmoid(X @ W.T + b)
    return np.einsum("nm,ni,ij->nimj", np.eye(len(X)), s * (1 - s), W)


J_batch = batch_jacobian(X[:4], W2, b2)
fig, ax = plt.subplots(figsize=(4.5, 4.5))
ax.imshow(np.abs(J_batch.reshape(4 * 4, 4 * 3)) > 0, cmap="Greys")
ax.set(title="non-zero entries of ∂Y/∂X, N = 4", xlabel="(m, j): inputs", ylabel="(n, i): outputs")
plt.show()

# %% [markdown]
# The cost as the batch grows: the Jacobian route grows like $N^2$, backpropagation like $N$.

# %%
def seconds(run, repeat=5):
    """The best of a few timings of run(): the one least disturbed by whatever else the machine does."""
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


with skip_if_todo():
    rng = np.random.default_rng(1)
    W_wide, b_wide = rng.standard_normal((16, 16)), rng.standard_normal(16)
    sizes, through_jacobian, backprop = [4, 8, 16, 32, 64, 128], [], []
    for n in sizes:
        X_n, v = rng.standard_normal((n, 16)), rng.standard_normal((n, 16))
        cache = (X_n, W_wide, X_n @ W_wide.T + b_wide)
        slow = mine.vjp_from_jacobian(batch_jacobian(X_n, W_wide, b_wide), v)
        assert np.allclose(slow, mine.dense_backward(v, cache)[0]), f"N = {n}: the VJP differs from dX"
        through_jacobian.append(seconds(lambda: mine.vjp_from_jacobian(batch_jacobian(X_n, W_wide, b_wide), v)))
        backprop.append(seconds(lambda: mine.dense_backward(v, cache)))
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(sizes, through_jacobian, "o-", label="vjp_from_jacobian(∂Y/∂X, v)")
    ax.loglog(sizes, backprop, "s-", label="dense_backward(v, cache)")
    ax.set(xlabel="batch size N", ylabel="seconds", title="the same dX, two costs")
    ax.legend()
    plt.show()

# %%
check("layer_vjp", "vjp")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check layer_vjp`. When it says *done*, move on to
# `gradient_descent.ipynb`: gradients are for going downhill.

# %%
check("layer_vjp")
