# Source of exercises/notebooks/gradient_stability.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # Beyond the core — gradient stability: the Jacobian of a deep network and its spectral norm
#
# A deep tanh network maps an input $x = h_0$ through $L$ layers,
#
# $$z_l = W_l\,h_{l-1}, \qquad h_l = \tanh(z_l), \qquad W_l \in \mathbb{R}^{d_l \times d_{l-1}} .$$
#
# By the chain rule its Jacobian is a **product** of layer Jacobians, the last layer on the left:
#
# $$J = \frac{\partial h_L}{\partial x} = J_L\,J_{L-1} \cdots J_1, \qquad
#   J_l = \frac{\partial h_l}{\partial h_{l-1}} = \operatorname{diag}\big(\tanh'(z_l)\big)\,W_l,
#   \qquad \tanh'(z) = 1 - \tanh^2 z .$$
#
# Backpropagation multiplies a gradient by $J^\top = J_1^\top \cdots J_L^\top$. How much it can grow or
# shrink on the way back is the **spectral norm** $\lVert J\rVert_2 = \max_{\lVert u\rVert = 1}
# \lVert J u\rVert = \sigma_\text{max}(J)$, and since $\lVert J\rVert_2 \le \prod_l \lVert J_l\rVert_2$, a
# product of $L$ factors tends to behave like $g^L$: it **vanishes** or **explodes** exponentially with
# depth unless a typical factor $g$ is close to 1. Choosing the scale of the initial weights so that it
# is, is what Xavier and Kaiming initialisation do.
#
# **How to work.** Edit `../gradient_stability.py`, save it, run the cells here again (your module is
# reloaded at every run). Each part ends with a self-check cell, the same checks as `jackit check`.

# %%
%load_ext autoreload
%autoreload 2

import sys
from pathlib import Path

sys.path.insert(0, str(Path("..").resolve()))  # the folder that holds your exercise modules

import matplotlib.pyplot as plt
import numpy as np

import gradient_stability as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo
from jackit.problems.deep_networks import DeepTanhNetwork

# %% [markdown]
# ## Part 1 — the layer Jacobians and their product (`layer_jacobians`, `end_to_end_jacobian`)
#
# Run the network forward once; at layer $l$ scale row $i$ of $W_l$ by the slope $1 - h_l[i]^2$ of
# unit $i$. Then multiply, **last layer on the left**. With distinct widths the shapes tell you the
# order: $J_l$ is $d_l \times d_{l-1}$, and only $J_L \cdots J_1$ (of shape $d_L \times d_0$) fits.
# Below, a network $6 \to 5 \to 4 \to 3$: your Jacobian next to central differences of the network.

# %%
rng = np.random.default_rng(0)
widths = [6, 5, 4, 3]
weights = [rng.standard_normal((d_out, d_in)) / np.sqrt(d_in) for d_in, d_out in zip(widths[:-1], widths[1:])]
x = rng.standard_normal(widths[0])

def central_differences(f, x, h=1e-6):
    """The Jacobian of f at x, one column per input, by (f(x + h e_j) − f(x − h e_j)) / 2h."""
    return np.stack([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))], axis=1)

with skip_if_todo():
    print("layer Jacobian shapes:", [J.shape for J in mine.layer_jacobians(x, weights)])
    J = mine.end_to_end_jacobian(x, weights)
    J_fd = central_differences(lambda v: mine.tanh_network(v, weights), x)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
    for ax, matrix, title in zip(axes, (J, J_fd), ("end_to_end_jacobian", "central differences")):
        image = ax.matshow(matrix, cmap="RdBu", vmin=-np.abs(J_fd).max(), vmax=np.abs(J_fd).max())
        ax.set(title=title, xlabel="input x[j]", ylabel="output h_L[i]")
    fig.colorbar(image, ax=axes)
    plt.show()
    print(f"largest difference: {np.abs(J - J_fd).max():.1e}")

# %%
check("gradient_stability", "jacobians")

# %% [markdown]
# ## Part 2 — the spectral norm from JVPs and VJPs alone (`spectral_norm_power_iteration`)
#
# A real network's Jacobian is never built: autodiff offers $u \mapsto J u$ (a JVP, forward mode) and
# $v \mapsto J^\top v$ (a VJP, reverse mode). Power iteration needs nothing else:
#
# $$u \leftarrow \frac{J^\top (J u)}{\lVert J^\top (J u)\rVert}, \qquad \sigma \approx \lVert J u\rVert .$$
#
# Writing $u_0 = \sum_i c_i v_i$ in the right singular vectors of $J$, after $n$ steps
# $u_n \propto \sum_i c_i \sigma_i^{2n} v_i$: every direction but the top one dies out like
# $(\sigma_i/\sigma_1)^{2n}$, and the estimate approaches $\sigma_1$ from below, its relative error
# shrinking like $(\sigma_2/\sigma_1)^{4n}$. Below, a network $30 \to 30 \to 30$ seen only through
# `network.jvp` and `network.vjp` (a catalogue problem: the grader hands you the same callbacks). Its
# two largest singular values are close ($\sigma_2/\sigma_1 \approx 0.88$), so convergence takes a while.

# %%
rng = np.random.default_rng(1)
network = DeepTanhNetwork.from_layers([rng.standard_normal((30, 30)) / np.sqrt(30) for _ in range(2)],
                                      rng.standard_normal(30))
sigma = np.linalg.svd(network.jacobian(), compute_uv=False)  # the answer, from the full matrix
sigma_max = sigma[0]
print(f"σ₁ = {sigma[0]:.4f}, σ₂ = {sigma[1]:.4f}, σ₂/σ₁ = {sigma[1] / sigma[0]:.3f}")
u0 = np.ones(30)

with skip_if_todo():
    counts = np.arange(0, 41)
    estimates = np.array([mine.spectral_norm_power_iteration(network.jvp, network.vjp, u0, n) for n in counts])
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 3.8))
    left.plot(counts, estimates, "o-", label="estimate ‖J u_n‖")
    left.axhline(sigma_max, color="black", linestyle=":", label="np.linalg.norm(J, 2)")
    left.set(xlabel="iterations n", ylabel="σ", title="the estimate climbs to σ_max")
    left.legend()
    right.semilogy(counts, np.maximum(1 - estimates / sigma_max, 1e-17), "o-", label="1 − estimate / σ_max")
    right.semilogy(counts, (sigma[1] / sigma[0]) ** (4 * counts), ":", color="black", label="(σ₂/σ₁)^(4n)")
    right.set(xlabel="iterations n", title="a straight line: geometric convergence")
    right.legend()
    plt.show()

# %%
check("gradient_stability", "power_iteration")

# %% [markdown]
# ## Part 3 — initial scales (`init_scale`)
#
# A unit of layer $l$ sums $n_\text{in} = d_{l-1}$ terms $W_{ij} h_j$ (`fan_in`); with independent
# weights of variance $s^2$, its pre-activation has variance $n_\text{in}\, s^2\, \mathbb{E}[h_j^2]$.
# Keeping the forward signal's variance asks for $s^2 = 1/n_\text{in}$; keeping the backward
# gradient's asks for $s^2 = 1/n_\text{out}$ ($n_\text{out} = d_l$, `fan_out`). Xavier (Glorot) takes
# the compromise
#
# $$s = \sqrt{\frac{2}{n_\text{in} + n_\text{out}}}\quad\text{(tanh, linear)}, \qquad
#   \text{Kaiming (He): } s = \sqrt{\frac{2}{n_\text{in}}}\quad\text{(ReLU)},$$
#
# where Kaiming's factor 2 makes up for ReLU switching off half the units. (These are standard
# deviations of Gaussian weights; the uniform variants draw from $U(-a, a)$ with $a = \sqrt3\, s$.)

# %%
with skip_if_todo():
    for fan_in, fan_out in [(784, 256), (256, 256), (256, 10)]:
        print(f"fan_in = {fan_in:3d}, fan_out = {fan_out:3d}:  Xavier s = {mine.init_scale(fan_in, fan_out, 'xavier'):.4f}"
              f",  Kaiming s = {mine.init_scale(fan_in, fan_out, 'kaiming'):.4f}")

# %%
check("gradient_stability", "initialisation")

# %% [markdown]
# ## Part 4 — vanishing and exploding with depth (`norms_by_depth`)
#
# A random square network of width 100 and depth 40, its weights at `gain` times the scale of Part 3:
# Xavier for tanh and linear layers, Kaiming for ReLU. For every depth $l$, the spectral norm of the
# Jacobian of the first $l$ layers, $\lVert J_l \cdots J_1\rVert_2$. Below the right scale the norm
# vanishes geometrically, above it it explodes; at gain 1 it stays within a small factor of 1 over
# 40 layers. (tanh is gentler than ReLU when the weights are too large: saturated units have slopes
# near 0, which holds the growth back.)

# %%
width, depth = 100, 40
with skip_if_todo():
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.2), sharey=True)
    for ax, (activation, kind) in zip(axes, [("tanh", "xavier"), ("relu", "kaiming"), ("linear", "xavier")]):
        for gain in (0.5, 0.8, 1.0, 1.25, 2.0):
            std = gain * mine.init_scale(width, width, kind)
            norms = mine.norms_by_depth(width, depth, std, 0, activation)
            ax.semilogy(np.arange(1, depth + 1), norms, label=f"gain {gain}", linewidth=2.5 if gain == 1 else 1.2)
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set(title=f"{activation} layers, {kind} scale × gain", xlabel="depth l", ylim=(1e-12, 1e12))
    axes[0].set_ylabel("‖J_l ⋯ J_1‖₂")
    axes[0].legend()
    plt.show()

# %%
check("gradient_stability", "depth")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check gradient_stability`.

# %%
check("gradient_stability")
