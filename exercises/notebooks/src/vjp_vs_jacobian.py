# Source of exercises/notebooks/vjp_vs_jacobian.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # Beyond the core — why frameworks never build Jacobians
#
# Backpropagation is a chain of vector-Jacobian products, and not one framework (PyTorch, JAX,
# TensorFlow) ever builds the Jacobians in that chain. This exercise shows why, on a single dense tanh
# layer applied to a batch of $N$ samples, the rows of $X$:
#
# $$Z = X W^\top + b, \qquad Y = \tanh(Z), \qquad
#   X: (N, D_\text{in}),\ W: (D_\text{out}, D_\text{in}),\ b: (D_\text{out}),\ Y: (N, D_\text{out}).$$
#
# The Jacobian of the batch, $\partial Y / \partial X$, relates every output to every input:
#
# $$J_{n i,\, m j} = \frac{\partial Y_{n i}}{\partial X_{m j}} = \delta_{nm}\,\big(1 - Y_{n i}^2\big)\,W_{i j},
#   \qquad \text{shape } (N, D_\text{out}, N, D_\text{in}) .$$
#
# Given an upstream gradient $d_\text{out} = \partial L / \partial Y$, the gradient with respect to
# the inputs is a VJP, and there are two ways to compute it:
#
# $$\underbrace{\operatorname{vec}(dX) = J^\top \operatorname{vec}(d_\text{out})}_{\text{through } J:\ N^2 D_\text{out} D_\text{in} \text{ numbers}}
#   \qquad\text{or}\qquad
#   \underbrace{dX = \big(d_\text{out} \odot (1 - Y^2)\big)\, W}_{\text{directly: } N (D_\text{out} + D_\text{in}) \text{ numbers}} .$$
#
# Same numbers, very different memory bills. You will build both routes, check that they agree, and
# then measure the bill.
#
# **How to work.** Edit `../vjp_vs_jacobian.py`, save it, run the cells here again (your module is
# reloaded at every run). Each part ends with a self-check cell, the same checks as `jackit check`.

# %%
%load_ext autoreload
%autoreload 2

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path("..").resolve()))  # the folder that holds your exercise modules

import matplotlib.pyplot as plt
import numpy as np

import vjp_vs_jacobian as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo
from jackit.oracles import numerical_jacobian, numerical_vjp, relative_error

# %% [markdown]
# ## Part 1 — the explicit Jacobian (`explicit_jacobian`)
#
# Sample $n$'s outputs depend on sample $n$'s inputs only, so $J_{n i, m j} = 0$ whenever $m \neq n$.
# Flattened to a $(N D_\text{out}) \times (N D_\text{in})$ matrix, $J$ is **block diagonal**: the
# $N$ blocks $J_n = \operatorname{diag}(1 - y_n^2)\,W$ on the diagonal, and $N^2 - N$ blocks of
# zeros that a numpy array stores all the same. Here is your Jacobian of a batch of 6 samples, with
# the finite-difference check beside it:

# %%
rng = np.random.default_rng(0)
N, D_in, D_out = 6, 3, 4
X = rng.standard_normal((N, D_in))
W = rng.standard_normal((D_out, D_in)) / np.sqrt(D_in)
b = 0.5 * rng.standard_normal(D_out)
d_out = rng.standard_normal((N, D_out))

with skip_if_todo():
    J = mine.explicit_jacobian(X, W, b)
    print("J.shape =", np.shape(J))
    oracle = numerical_jacobian(lambda X_: mine.dense_tanh(X_, W, b), X)
    print(f"relative error against central differences: {relative_error(J, oracle):.1e}")
    matrix = np.reshape(J, (N * D_out, N * D_in))
    fig, ax = plt.subplots(figsize=(5, 6))
    image = ax.imshow(matrix, cmap="RdBu_r", vmin=-np.abs(matrix).max(), vmax=np.abs(matrix).max())
    ax.set(title=f"∂Y/∂X as a {N * D_out} × {N * D_in} matrix", xlabel="inputs (m, j)", ylabel="outputs (n, i)")
    fig.colorbar(image, ax=ax, shrink=0.7)
    plt.show()
    print(f"non-zero entries: {np.count_nonzero(matrix)} of {matrix.size}, a fraction 1/N = {1 / N:.3f}")

# %%
check("vjp_vs_jacobian", "jacobian")

# %% [markdown]
# ## Part 2 — the VJP through the Jacobian (`vjp_through_jacobian`)
#
# Flatten $J$ to its matrix (rows: outputs $(n, i)$, columns: inputs $(m, j)$), multiply its
# **transpose** by $\operatorname{vec}(d_\text{out})$ and fold the result back into the shape of $X$:
#
# $$dX_{m j} = \sum_{n, i} (d_\text{out})_{n i}\, J_{n i,\, m j}.$$
#
# This route is generic: it works for any $J$, and knows nothing of the zeros. Below it gets the
# layer's Jacobian (by central differences, so that this part does not need Part 1) and is compared
# with the gradient of $L = \sum d_\text{out} \odot Y$:

# %%
with skip_if_todo():
    J_numeric = numerical_jacobian(lambda X_: mine.dense_tanh(X_, W, b), X)
    dX_through = mine.vjp_through_jacobian(J_numeric, d_out)
    gradient = numerical_vjp(lambda X_: mine.dense_tanh(X_, W, b), X, d_out)
    print(f"shape {np.shape(dX_through)}, relative error against central differences "
          f"{relative_error(dX_through, gradient):.1e}")

# %%
check("vjp_vs_jacobian", "through_jacobian")

# %% [markdown]
# ## Part 3 — the direct VJP (`vjp_direct`)
#
# Backpropagation uses the structure instead of storing it. Through the tanh, entry by entry,
# $\Delta = d_\text{out} \odot (1 - Y^2)$; through $Z = XW^\top + b$, $dX = \Delta\,W$. No $J$, not
# even a block of it. The two routes give the same numbers; then the direct one runs on a batch
# whose Jacobian would need about 40 TB.

# %%
with skip_if_todo():
    dX_direct = mine.vjp_direct(X, W, b, d_out)
    print(f"relative difference between the two routes: "
          f"{relative_error(dX_direct, mine.vjp_through_jacobian(mine.explicit_jacobian(X, W, b), d_out)):.1e}")
    big_N, big_in, big_out = 100_000, 32, 16
    big_X, big_d_out = rng.standard_normal((big_N, big_in)), rng.standard_normal((big_N, big_out))
    big_W, big_b = rng.standard_normal((big_out, big_in)) / np.sqrt(big_in), rng.standard_normal(big_out)
    start = time.perf_counter()
    mine.vjp_direct(big_X, big_W, big_b, big_d_out)
    print(f"direct VJP on N = {big_N:,}: {time.perf_counter() - start:.3f} s; the explicit Jacobian there "
          f"would hold {8 * big_N**2 * big_out * big_in / 1e12:,.0f} TB")

# %%
check("vjp_vs_jacobian", "direct")

# %% [markdown]
# ## Part 4 — the memory bill (`memory_ratio`)
#
# Count 8 bytes per float64 entry. The route through $J$ holds $J$ and the result $dX$; the direct
# route holds $\Delta$ and $dX$:
#
# $$\text{jacobian bytes} = 8\,(N D_\text{out} \cdot N D_\text{in} + N D_\text{in}), \qquad
#   \text{direct bytes} = 8\,(N D_\text{out} + N D_\text{in}).$$
#
# The first grows like $N^2$, the second like $N$. Where does the Jacobian route cross the 1 GB that
# the grader's worker allows, or the memory of a large GPU?

# %%
with skip_if_todo():
    batch = np.unique(np.logspace(0, 5, 41).astype(int))
    widths = [(64, 64), (784, 256), (4096, 4096)]
    fig, ax = plt.subplots(figsize=(9.5, 4.5))
    for (d_in, d_out_), color in zip(widths, ["tab:blue", "tab:orange", "tab:green"]):
        bills = np.array([mine.memory_ratio(int(n), d_in, d_out_)[:2] for n in batch], dtype=float)
        ax.loglog(batch, bills[:, 0], color=color, label=f"through J, D_in = {d_in}, D_out = {d_out_}")
        ax.loglog(batch, bills[:, 1], color=color, linestyle="--", label="direct, same layer")
    for limit, name in [(2**30, "1 GB: the grader's worker"), (80e9, "80 GB: a large GPU")]:
        ax.axhline(limit, color="grey", linewidth=0.8)
        ax.text(1.2, limit * 1.6, name, color="grey", bbox=dict(facecolor="white", edgecolor="none", pad=1))
    ax.set(xlabel="batch size N", ylabel="bytes", title="the memory bill of one VJP")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5))
    fig.tight_layout()
    plt.show()

# %% [markdown]
# A formula is a claim; a measurement checks it. Python's `tracemalloc` records the largest amount of
# memory allocated at once while a function runs (numpy reports its array buffers to it). Here are
# the peaks of your two routes, against your formula. The direct route also holds $Y$ and a
# temporary or two of its shape, so its measured peak is a small constant times the formula's; the
# Jacobian route is all $J$.

# %%
def peak_bytes(run):
    """The largest amount of memory allocated at once while run() runs."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


with skip_if_todo():
    sizes, measured, predicted = [8, 16, 32, 64, 128], [], []
    for n in sizes:
        X_n, v = rng.standard_normal((n, 20)), rng.standard_normal((n, 12))
        W_n, b_n = rng.standard_normal((12, 20)) / np.sqrt(20), rng.standard_normal(12)
        measured.append((peak_bytes(lambda: mine.vjp_through_jacobian(mine.explicit_jacobian(X_n, W_n, b_n), v)),
                         peak_bytes(lambda: mine.vjp_direct(X_n, W_n, b_n, v))))
        predicted.append(mine.memory_ratio(n, 20, 12))
    measured, predicted = np.array(measured, dtype=float), np.array(predicted, dtype=float)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.loglog(sizes, measured[:, 0], "o", color="tab:red", label="through J, measured")
    left.loglog(sizes, predicted[:, 0], "-", color="tab:red", label="through J, your formula")
    left.loglog(sizes, measured[:, 1], "s", color="tab:blue", label="direct, measured")
    left.loglog(sizes, predicted[:, 1], "-", color="tab:blue", label="direct, your formula")
    left.set(xlabel="batch size N", ylabel="peak bytes", title="D_in = 20, D_out = 12")
    left.legend(fontsize=8)
    right.loglog(sizes, measured[:, 0] / measured[:, 1], "o", color="black", label="measured")
    right.loglog(sizes, predicted[:, 2], "-", color="black", label="your memory_ratio")
    right.set(xlabel="batch size N", ylabel="jacobian bytes / direct bytes", title="the ratio grows like N")
    right.legend(fontsize=8)
    plt.show()
    for n, (through, direct), (_, _, ratio) in zip(sizes, measured, predicted):
        print(f"N = {n:4d}: measured ratio {through / direct:7.1f}, formula {ratio:7.1f}")

# %%
check("vjp_vs_jacobian", "memory")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check vjp_vs_jacobian`. The lesson carries to every network: a VJP
# costs about as much as the forward pass, while the Jacobian it stands for grows with the product of
# the input and output sizes. Reverse-mode autodiff is the art of never writing that matrix down.

# %%
check("vjp_vs_jacobian")
