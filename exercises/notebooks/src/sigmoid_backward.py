# Source of exercises/notebooks/sigmoid_backward.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # Exercise 3 — the sigmoid: a stable forward pass, a diagonal Jacobian, an element-wise backward pass
#
# The logistic sigmoid squashes any real number into $(0, 1)$, and its derivative is written with
# itself:
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \sigma'(z) = \sigma(z)\,\big(1 - \sigma(z)\big).$$
#
# Applied to a vector entry by entry, it is the simplest layer of a network, and it already teaches
# three things that hold for every activation function:
#
# 1. **Numerics.** Taken literally, the formula overflows: $e^{1000}$ is `inf` in float64.
# 2. **The Jacobian is diagonal.** Output $i$ depends on input $i$ alone:
#    $J = \operatorname{diag}\big(\sigma'(z_1), \dots, \sigma'(z_n)\big)$.
# 3. **The backward pass never builds it.** The gradient flowing back is
#    $\partial L/\partial z = g^\top J = \sigma'(z) \odot g$, an element-wise product.
#
# **How to work.** Edit `../sigmoid_backward.py`, save it, run the cells here again (your module is
# reloaded at every run). Each part ends with a self-check cell, the same checks as `jackit check`.

# %%
%load_ext autoreload
%autoreload 2

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path("..").resolve()))  # the folder that holds your exercise modules

import matplotlib.pyplot as plt
import numpy as np

import sigmoid_backward as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo

# %% [markdown]
# ## Part 1 — a sigmoid that never overflows (`sigmoid`)
#
# Two textbook formulas for the same function, each failing on one side:
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}} \quad (e^{-z} = \infty \text{ for } z \ll 0), \qquad
#   \sigma(z) = \frac{e^{z}}{1 + e^{z}} \quad (\tfrac{\infty}{\infty} = \text{nan for } z \gg 0).$$
#
# With $e = e^{-|z|} \in (0, 1]$, which cannot overflow, use each where it is safe:
# $\sigma(z) = 1/(1 + e)$ for $z \ge 0$ and $\sigma(z) = e/(1 + e)$ for $z < 0$. The second form also
# keeps the tiny left tail, $\sigma(z) \approx e^{z}$, that $\log\sigma$ and the cross-entropy need.

# %%
z = np.array([-1000.0, -720.0, -40.0, 0.0, 40.0, 720.0, 1000.0])
with np.errstate(all="ignore"):
    first_textbook = 1.0 / (1.0 + np.exp(-z))
    second_textbook = np.exp(z) / (1.0 + np.exp(z))
with skip_if_todo():
    yours = mine.sigmoid(z)
    print(f"{'z':>8} {'1/(1+e^-z)':>14} {'e^z/(1+e^z)':>14} {'yours':>14}")
    for row in zip(z, first_textbook, second_textbook, yours):
        print(f"{row[0]:8.0f} {row[1]:14.4g} {row[2]:14.4g} {row[3]:14.4g}")

# %%
with skip_if_todo():
    z = np.linspace(-8, 8, 400)
    s = mine.sigmoid(z)
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.plot(z, s, label="σ(z)")
    ax.plot(z, s * (1 - s), label="σ'(z) = σ(z)(1 − σ(z))")
    ax.axhline(0.25, color="0.7", linestyle=":", linewidth=1)
    ax.set(xlabel="z", title="the sigmoid and its slope (at most 1/4, at z = 0)")
    ax.legend()
    plt.show()

# %%
check("sigmoid_backward", "sigmoid")

# %% [markdown]
# ## Part 2 — the Jacobian is diagonal (`sigmoid_jacobian`)
#
# For a vector $z \in \mathbb{R}^n$, $\partial\sigma(z_i)/\partial z_j = \sigma'(z_i)$ when $i = j$ and
# $0$ otherwise:
#
# $$J = \frac{\partial \sigma(z)}{\partial z} =
#   \begin{pmatrix} \sigma'(z_1) & & \\ & \ddots & \\ & & \sigma'(z_n) \end{pmatrix}.$$
#
# For a batch of vectors, shape `S + (n,)`, return one such block per vector, shape `S + (n, n)`.
# Here is yours for twelve values from −4 to 4: $n^2 = 144$ entries, 12 of them not zero.

# %%
with skip_if_todo():
    J = mine.sigmoid_jacobian(np.linspace(-4, 4, 12))
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    image = ax.imshow(J, cmap="Blues")
    fig.colorbar(image, ax=ax, shrink=0.8)
    ax.set(title="sigmoid_jacobian(z): only the diagonal", xlabel="input j", ylabel="output i")
    plt.show()

# %%
check("sigmoid_backward", "jacobian")

# %% [markdown]
# ## Part 3 — the backward pass is an element-wise product (`sigmoid_backward`)
#
# Backpropagation hands the layer the upstream gradient $g = \partial L/\partial\sigma(z)$ and asks for
# $\partial L/\partial z$. The chain rule says it is the vector-Jacobian product $g^\top J$, and with a
# diagonal $J$:
#
# $$\frac{\partial L}{\partial z} = g^\top J = \sigma'(z) \odot g .$$
#
# Both give the same numbers. They do not cost the same: building $J$ and multiplying costs $n^2$,
# the product costs $n$.

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
    sizes = [100, 200, 400, 800, 1600, 3200]
    rng = np.random.default_rng(0)
    with_matrix, elementwise = [], []
    for n in sizes:
        z, g = rng.standard_normal(n), rng.standard_normal(n)
        assert np.allclose(g @ mine.sigmoid_jacobian(z), mine.sigmoid_backward(z, g)), f"n = {n}: they differ"
        with_matrix.append(seconds(lambda: g @ mine.sigmoid_jacobian(z)))
        elementwise.append(seconds(lambda: mine.sigmoid_backward(z, g)))
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(sizes, with_matrix, "o-", label="g @ sigmoid_jacobian(z)")
    ax.loglog(sizes, elementwise, "s-", label="sigmoid_backward(z, g)")
    ax.set(xlabel="n", ylabel="seconds", title="the same gradient, two costs")
    ax.legend()
    plt.show()

# %%
check("sigmoid_backward", "backward")

# %% [markdown]
# ## Part 4 — a real batch (`sigmoid_backward` again)
#
# A layer of 8192 units on a batch of 32 samples: `z` has shape `(32, 8192)`. The Jacobian of the
# whole batch map has $(32 \cdot 8192)^2 \approx 6.9 \times 10^{10}$ entries; even the 32 diagonal
# blocks alone would fill 17 GB. The answer, $\partial L/\partial z$, has the shape of `z`.

# %%
batch, width = 32, 8192
print(f"full Jacobian of the batch: {(batch * width) ** 2 * 8 / 1e9:8.1f} GB")
print(f"one block per sample:       {batch * width**2 * 8 / 1e9:8.1f} GB")
print(f"the gradient itself:        {batch * width * 8 / 1e6:8.1f} MB")
with skip_if_todo():
    rng = np.random.default_rng(1)
    z, g = rng.normal(0, 2, size=(batch, width)), rng.standard_normal((batch, width))
    grad = mine.sigmoid_backward(z, g)
    print(f"your sigmoid_backward: shape {grad.shape} in {1000 * seconds(lambda: mine.sigmoid_backward(z, g)):.1f} ms")

# %%
check("sigmoid_backward", "large_batch")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check sigmoid_backward`. When it says *done*, move on to
# `layer_vjp.ipynb`, where this diagonal Jacobian meets a weight matrix.

# %%
check("sigmoid_backward")
