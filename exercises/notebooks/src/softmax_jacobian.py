# Source of exercises/notebooks/softmax_jacobian.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # Beyond the core — the softmax: a stable forward pass, a full Jacobian, a VJP that never builds it
#
# The softmax turns $C$ scores (logits) $z$ into a probability distribution $s$, and sits at the end
# of nearly every classifier:
#
# $$s = \operatorname{softmax}(z), \qquad s_i = \frac{e^{z_i}}{\sum_k e^{z_k}}, \qquad
#   s_i > 0, \quad \sum_i s_i = 1.$$
#
# Unlike the sigmoid, it is not applied entry by entry: every $s_i$ depends on every $z_j$ through the
# sum. That changes everything downstream:
#
# 1. **Numerics.** $e^{1000}$ is `inf` and $e^{-1000}$ is $0$ in float64: shift before you exponentiate.
# 2. **The Jacobian is full**, $J = \operatorname{diag}(s) - s s^\top$, not diagonal.
# 3. **The backward pass still never builds it**: $v^\top J = s \odot (v - \langle v, s\rangle)$.
# 4. **With the cross-entropy**, everything collapses to $\partial L/\partial z = s - y$.
#
# **How to work.** Edit `../softmax_jacobian.py`, save it, run the cells here again (your module is
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

import softmax_jacobian as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo
from jackit.oracles import numerical_jacobian, relative_error

# %% [markdown]
# ## Part 1 — a softmax that never overflows (`softmax`)
#
# Adding the same number $c$ to every logit changes nothing, since $e^{-c}$ cancels:
#
# $$\operatorname{softmax}(z - c) = \frac{e^{-c}\, e^{z}}{e^{-c} \sum_k e^{z_k}} = \operatorname{softmax}(z).$$
#
# Take $c = \max_k z_k$: every exponent is $\le 0$ (no overflow), and the largest term is $e^0 = 1$
# (the sum is at least 1, never $0$). Each row of a batch gets its own maximum: rows near $+1000$
# and near $-1000$ can sit in the same batch. Here is the textbook formula on such rows, and yours:

# %%
z = np.array([[1000.0, 1001.0, 998.0], [-1000.0, -999.0, -1002.0], [0.0, 1.0, -2.0]])
with np.errstate(all="ignore"):
    textbook = np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)
print("textbook e^z / Σ e^z:\n", textbook)
with skip_if_todo():
    print("yours:\n", mine.softmax(z))

# %% [markdown]
# Dividing the logits by a *temperature* $T$ before the softmax sharpens the distribution ($T < 1$) or
# flattens it ($T > 1$); at $T \to 0$ it becomes the one-hot vector of the largest logit (the "arg max"
# the softmax softens).

# %%
with skip_if_todo():
    logits = np.array([2.0, 1.0, 0.2, -0.5, -1.5])
    temperatures = [0.25, 1.0, 4.0]
    fig, ax = plt.subplots(figsize=(7, 3.8))
    width = 0.8 / len(temperatures)
    for k, T in enumerate(temperatures):
        ax.bar(np.arange(5) + (k - 1) * width, mine.softmax(logits / T), width, label=f"T = {T:g}")
    ax.set(xlabel="class i", ylabel="softmax(z / T)_i", title="the same logits at three temperatures")
    ax.legend()
    plt.show()

# %%
check("softmax_jacobian", "softmax")

# %% [markdown]
# ## Part 2 — the full Jacobian (`softmax_jacobian`)
#
# Differentiate $s_i = e^{z_i} / \sum_k e^{z_k}$ with the quotient rule:
#
# $$\frac{\partial s_i}{\partial z_j} = s_i\,(\delta_{ij} - s_j), \qquad
#   J = \operatorname{diag}(s) - s s^\top .$$
#
# Its diagonal, $s_i(1 - s_i)$, is the sigmoid's formula; but the off-diagonal entries $-s_i s_j$ are
# not zero. $J$ is symmetric, and each row sums to $0$: moving every logit by the same amount changes
# nothing. Left, yours; right, the "sigmoid habit" $\operatorname{diag}(s(1-s))$, which misses
# everything off the diagonal.

# %%
with skip_if_todo():
    z = np.array([1.2, 0.4, -0.3, 2.0, -1.0, 0.1, 0.8, -0.6])
    J = mine.softmax_jacobian(z)
    s = mine.softmax(z)
    habit = np.diag(s * (1 - s))
    limit = np.abs(J).max()
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
    for ax, matrix, title in zip(axes, (J, habit), ("softmax_jacobian(z)", "diag(s(1 − s)): the diagonal only")):
        image = ax.imshow(matrix, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set(title=title, xlabel="input z_j", ylabel="output s_i")
    fig.colorbar(image, ax=axes, shrink=0.8)
    plt.show()
    print(f"row sums of your J: {np.round(J.sum(axis=1), 15)}")
    print(f"relative error against central differences: {relative_error(J, numerical_jacobian(mine.softmax, z)):.1e}")

# %%
check("softmax_jacobian", "jacobian")

# %% [markdown]
# ## Part 3 — the VJP without the matrix (`softmax_vjp`)
#
# Backpropagation hands the softmax the upstream gradient $v = \partial L/\partial s$ and asks for
# $\partial L/\partial z = v^\top J$. Expand $J$ instead of building it:
#
# $$v^\top J = v^\top \operatorname{diag}(s) - (v^\top s)\, s^\top = s \odot \big(v - \langle v, s\rangle\big).$$
#
# One inner product per row, then element-wise products: $O(C)$ work and memory instead of $O(C^2)$.
# With a vocabulary of 50 000 words, one row's $J$ holds $2.5 \times 10^9$ numbers (20 GB).

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
    sizes = [50, 100, 200, 400, 800, 1600, 3200]
    rng = np.random.default_rng(0)
    with_matrix, direct = [], []
    for c in sizes:
        z, v = rng.standard_normal(c), rng.standard_normal(c)
        assert np.allclose(v @ mine.softmax_jacobian(z), mine.softmax_vjp(z, v)), f"C = {c}: they differ"
        with_matrix.append(seconds(lambda: v @ mine.softmax_jacobian(z)))
        direct.append(seconds(lambda: mine.softmax_vjp(z, v)))
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(sizes, with_matrix, "o-", label="v @ softmax_jacobian(z)")
    ax.loglog(sizes, direct, "s-", label="softmax_vjp(z, v)")
    ax.set(xlabel="number of classes C", ylabel="seconds", title="the same gradient, two costs")
    ax.legend()
    plt.show()

# %%
check("softmax_jacobian", "vjp")

# %% [markdown]
# ## Part 4 — the cross-entropy and its gradient $s - y$ (`cross_entropy`)
#
# For a sample of class $k$ (one-hot $y = e_k$), the loss is $L = -\log s_k$. Its gradient with respect
# to the probabilities, $-y/s$, goes back through the softmax's Jacobian, and almost everything cancels:
#
# $$\frac{\partial L}{\partial z} = \Big(-\frac{y}{s}\Big)^{\!\top} J = s - y .$$
#
# The mean over a batch of $N$ samples divides both by $N$: $\partial L/\partial Z = (S - Y)/N$.
#
# $\log s$ must not be computed as the log of $s$: when the true class is far below the best score,
# $s_k$ rounds to $0$ and $\log 0 = -\infty$. Log-sum-exp computes it directly,
# $\log s = (z - m) - \log \sum_k e^{z_k - m}$ with $m = \max z$. Below, one sample with logits
# $(t, 0, 0)$ of class 0: the loss is $\log(1 + 2e^{-t})$, about $-t$ for very negative $t$.

# %%
t = np.linspace(-1500, 1500, 601)
with np.errstate(all="ignore"):
    via_log_of_softmax = -np.log(np.exp(t) / (np.exp(t) + 2.0))
with skip_if_todo():
    yours = [mine.cross_entropy(np.array([[value, 0.0, 0.0]]), np.array([0]))[0] for value in t]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(t, yours, label="your cross_entropy")
    ax.plot(t, via_log_of_softmax, "--", label="−log(e^t / (e^t + 2)): inf below t ≈ −745, nan above 709")
    ax.set(xlabel="t, the logit of the true class", ylabel="loss", title="logits (t, 0, 0), label 0")
    ax.legend()
    plt.show()
    loss, d_logits = mine.cross_entropy(np.array([[2.0, 0.5, -1.0], [0.0, 1.0, 0.0]]), np.array([0, 2]))
    print(f"loss = {loss:.4f}\nd_logits = (S − Y) / N =\n{d_logits}\nrow sums: {d_logits.sum(axis=1)}")

# %%
check("softmax_jacobian", "cross_entropy")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check softmax_jacobian`. The gradient $(S - Y)/N$ is where
# backpropagation starts in `mlp_backprop.ipynb`.

# %%
check("softmax_jacobian")
