# Source of exercises/notebooks/mlp_backprop.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # Exercise 7 — backpropagation through a two-layer network, and training it on XOR
#
# Everything so far, in one network. A two-layer perceptron classifies a batch of $N$ points, the
# rows of $X$, into $C$ classes:
#
# $$Z_1 = X W_1^\top + b_1, \qquad A_1 = \tanh(Z_1), \qquad Z_2 = A_1 W_2^\top + b_2 \ \text{(the logits)},$$
#
# $$P = \operatorname{softmax}(Z_2)\ \text{row by row}, \qquad L = -\frac1N \sum_n \log P_{n, y_n}.$$
#
# The loss is a composition of maps, so by the chain rule its gradient with respect to, say, $W_1$ is
# a **product of Jacobians**:
#
# $$\frac{\partial L}{\partial W_1} =
#   \underbrace{\frac{\partial L}{\partial Z_2}}_{1 \times NC}\;
#   \underbrace{\frac{\partial Z_2}{\partial A_1}}_{NC \times NH}\;
#   \underbrace{\frac{\partial A_1}{\partial Z_1}}_{NH \times NH}\;
#   \underbrace{\frac{\partial Z_1}{\partial W_1}}_{NH \times HD}.$$
#
# The first factor is a single row, because $L$ is a number. Multiply from the left and every
# product is a row times a matrix: a **vector-Jacobian product**, the step you wrote in exercises 3
# and 4. Backpropagation is exactly that, and it computes each VJP by a formula, never building the
# matrix:
#
# $$\frac{\partial L}{\partial Z_2} = \frac{P - Y}{N}, \quad
#   \frac{\partial L}{\partial A_1} = \frac{\partial L}{\partial Z_2} W_2, \quad
#   \frac{\partial L}{\partial Z_1} = \frac{\partial L}{\partial A_1} \odot (1 - A_1^2), \quad
#   \frac{\partial L}{\partial W_1} = \Big(\frac{\partial L}{\partial Z_1}\Big)^{\!\top} X .$$
#
# **How to work.** Edit `../mlp_backprop.py`, save it, run the cells here again (your module is
# reloaded at every run). Each part ends with a self-check cell, the same checks as `jackit check`.

# %%
%load_ext autoreload
%autoreload 2

import sys
from pathlib import Path

sys.path.insert(0, str(Path("..").resolve()))  # the folder that holds your exercise modules

import matplotlib.pyplot as plt
import numpy as np

import mlp_backprop as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo
from jackit.oracles import numerical_vjp, relative_error

# %% [markdown]
# ## The data: XOR
#
# Points near the four corners $(\pm1, \pm1)$, labelled 1 where the two coordinates have opposite
# signs. No straight line separates the classes, so a network without a hidden layer cannot learn
# it. `noisy_xor` and `init_params` are given.

# %%
X, labels = mine.noisy_xor(48, 0.3, seed=0)
fig, ax = plt.subplots(figsize=(4.5, 4.5))
for label, colour in ((0, "tab:blue"), (1, "tab:red")):
    ax.scatter(*X[labels == label].T, color=colour, edgecolor="black", label=f"class {label}")
ax.set(aspect="equal", title="noisy XOR, 48 points", xlabel="x₀", ylabel="x₁")
ax.legend()
plt.show()

# %% [markdown]
# ## Part 1 — the loss and its gradient (`softmax_cross_entropy`)
#
# With $P$ the row-wise softmax of the logits and $Y$ the one-hot labels,
#
# $$L = -\frac1N \sum_n \log P_{n, y_n}, \qquad \frac{\partial L}{\partial Z} = \frac{P - Y}{N}:$$
#
# the only $1/N$ of the whole chain. It must stay exact for huge logits: subtract each row's maximum
# before exponentiating (the softmax does not change), and compute
# $\log P = (z - \max z) - \log\sum e^{\,z - \max z}$ rather than the log of a $P$ that may round to 0.
# For two classes the loss depends only on the margin $m = z_\text{true} - z_\text{other}$; your
# function, one sample at a time, from $m = -40$ to $40$:

# %%
with skip_if_todo():
    margins = np.linspace(-40, 40, 161)
    results = [mine.softmax_cross_entropy(np.array([[m, 0.0]]), np.array([0])) for m in margins]
    losses = np.array([loss for loss, _ in results])
    slopes = np.array([d_logits[0, 0] for _, d_logits in results])
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 3.8))
    left.plot(margins, losses)
    left.set(xlabel="margin m", ylabel="L", title="the loss: about −m when wrong, about 0 when right")
    right.plot(margins, slopes, color="tab:orange")
    right.set(xlabel="margin m", ylabel="∂L/∂z_true", title="its gradient P − Y: between −1 and 0")
    plt.show()
    loss, d_logits = mine.softmax_cross_entropy(np.array([[1000.0, 0.0], [-1000.0, -1000.0]]), np.array([1, 0]))
    print(f"logits ±1000: loss = {loss}  (exactly (1000 + log 2) / 2 = {(1000 + np.log(2)) / 2})")

# %%
check("mlp_backprop", "loss")

# %% [markdown]
# ## Part 2 — the forward pass (`mlp_forward`)
#
# Return the logits and the cache `(X, Z1, A1)` the backward pass needs. Before any training, the
# network with random weights splits the plane somewhere, not along XOR. The colour is the
# probability it gives to class 1:

# %%
grid = np.linspace(-2.2, 2.2, 201)
plane = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)


def probability_of_class_1(params):
    logits, _ = mine.mlp_forward(plane, params)
    shifted = logits - logits.max(axis=1, keepdims=True)
    return (np.exp(shifted[:, 1]) / np.exp(shifted).sum(axis=1)).reshape(201, 201)


def draw_classifier(ax, params, title):
    ax.contourf(grid, grid, probability_of_class_1(params), levels=np.linspace(0, 1, 11), cmap="RdBu_r",
                alpha=0.8)
    for label, colour in ((0, "tab:blue"), (1, "tab:red")):
        ax.scatter(*X[labels == label].T, color=colour, edgecolor="black", s=25)
    ax.set(aspect="equal", title=title)


start = mine.init_params(2, 8, 2, seed=1)
with skip_if_todo():
    logits, cache = mine.mlp_forward(X, start)
    print("logits:", logits.shape, "  cache:", [a.shape for a in cache])
    fig, ax = plt.subplots(figsize=(4.8, 4.5))
    draw_classifier(ax, start, "the untrained network")
    plt.show()

# %%
check("mlp_backprop", "forward")

# %% [markdown]
# ## Part 3 — the backward pass (`mlp_backward`)
#
# Given $\partial L/\partial Z_2$ (any upstream gradient), chain one VJP per forward step, from the
# logits back to the first layer:
#
# $$dW_2 = (\partial L/\partial Z_2)^\top A_1, \quad db_2 = \textstyle\sum_n \partial L/\partial Z_2[n], \quad
#   dA_1 = (\partial L/\partial Z_2)\, W_2, \quad dZ_1 = dA_1 \odot (1 - A_1^2), \quad
#   dW_1 = dZ_1^\top X, \quad db_1 = \textstyle\sum_n dZ_1[n].$$
#
# Below, your gradients against central differences of $\sum (\partial L/\partial Z_2) \odot Z_2$:

# %%
rng = np.random.default_rng(2)
upstream = rng.standard_normal((48, 2))


def logits_with(name, value):
    return mine.mlp_forward(X, {**start, name: value})[0]


with skip_if_todo():
    _, cache = mine.mlp_forward(X, start)
    grads = mine.mlp_backward(upstream, cache, start)
    for name in ("W1", "b1", "W2", "b2"):
        oracle = numerical_vjp(lambda value: logits_with(name, value), start[name], upstream)
        print(f"d{name}: shape {np.shape(grads[name])}, relative error {relative_error(grads[name], oracle):.1e}")

# %% [markdown]
# Why VJPs, and why formulas? Count the multiplications for a modest network — a batch of 256 images of
# 784 pixels, 128 hidden units, 10 classes — three ways: multiplying the four Jacobians from the right
# (forward mode), from the left (reverse mode, each VJP with a full matrix), and by the formulas of
# backpropagation, which skip the zeros those matrices are full of.

# %%
N, D, H, C = 256, 784, 128, 10
from_the_right = (N * H) * (N * H) * (H * D) + (N * C) * (N * H) * (H * D) + (N * C) * (H * D)
from_the_left = (N * C) * (N * H) + (N * H) * (N * H) + (N * H) * (H * D)
backprop = N * C * H + N * H + N * H * D
forward_pass = N * D * H + N * H * C
for name, count in (("Jacobians multiplied from the right", from_the_right),
                    ("VJPs with the full Jacobians", from_the_left),
                    ("backpropagation's formulas", backprop), ("(the forward pass itself)", forward_pass)):
    print(f"{name:>36}: {count:9.1e} multiplications")

# %%
check("mlp_backprop", "backward")

# %% [markdown]
# ## Part 4 — training (`loss_and_grads`, `train`)
#
# Chain the three: forward, loss, backward. Then full-batch gradient descent, exercise 5 on a
# network: $\theta \leftarrow \theta - \eta\,\partial L/\partial\theta$ for every parameter, recording
# the loss before every step and after the last. Watch the hidden layer learn the bend.

# %%
with skip_if_todo():
    trained, losses = mine.train(X, labels, start, 1.0, 300)
    fig, axes = plt.subplots(1, 4, figsize=(17, 4.2))
    axes[0].semilogy(losses)
    axes[0].set(xlabel="step", ylabel="mean cross-entropy", title=f"the loss: {losses[0]:.2f} → {losses[-1]:.4f}")
    for ax, steps in zip(axes[1:], (10, 40, 300)):
        draw_classifier(ax, mine.train(X, labels, start, 1.0, steps)[0], f"after {steps} steps")
    plt.show()
    predictions = mine.mlp_forward(X, trained)[0].argmax(axis=1)
    print(f"training accuracy: {np.mean(predictions == labels):.0%}")

# %%
check("mlp_backprop", "training")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check mlp_backprop`, and `jackit check` for the whole course. When
# everything says *done*: well played — you have built, piece by piece, what every deep-learning
# library does when you call `.backward()`.

# %%
check("mlp_backprop")
