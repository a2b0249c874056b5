# Source of exercises/notebooks/linear_map_jacobian.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # Exercise 2 — the Jacobian of a linear map, and linearization
#
# An affine map $f(x) = A x + b$ moves by $A\,\Delta x$ when $x$ moves by $\Delta x$, wherever $x$
# is. Its Jacobian is the matrix itself, the same at every point:
#
# $$J_f(x) = A \quad\text{for every } x .$$
#
# That sounds too simple to be an exercise, but it holds the two ideas every deep-learning library
# is built on. Nobody hands you $A$: you can only *run* the map, forwards (push a vector through
# it) or backwards (pull a gradient back through it).
#
# | mode | what one call gives | calls for all of $J$ ($m$ outputs, $n$ inputs) |
# |---|---|---|
# | forward (JVP) | $u \mapsto J u$, a column when $u = e_j$ | $n$ |
# | reverse (VJP) | $v \mapsto v^\top J$, a row when $v = e_i$ | $m$ |
#
# A loss has one output ($m = 1$) and millions of inputs: one VJP gives the whole gradient. That is
# why networks are trained in reverse mode, and reverse mode through a network is backpropagation.
#
# Then, for a smooth map that is *not* linear, the Jacobian at $x_0$ is the matrix of its best
# linear approximation there, and the error of that approximation shrinks like the square of the
# step: the Taylor test that tells a right Jacobian from a wrong one.
#
# **How to work.** Edit `../linear_map_jacobian.py`, save it, run the cells here again (your module
# is reloaded at every run). Each part ends with a self-check cell, the same checks as
# `jackit check`.

# %%
%load_ext autoreload
%autoreload 2

import sys
from pathlib import Path

sys.path.insert(0, str(Path("..").resolve()))  # the folder that holds your exercise modules

import matplotlib.pyplot as plt
import numpy as np

import linear_map_jacobian as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo
from jackit.problems.linear import AffineMap

# %% [markdown]
# ## Part 1 — forward mode: one column per input (`jacobian_from_columns`)
#
# Push the basis vector $e_j$ through the black box: $f(e_j) = A e_j + b$, and $f(0) = b$, so
#
# $$\text{column } j \text{ of } A = f(e_j) - f(0).$$
#
# No finite-difference step is involved: for an affine map this is exact. Below, a black box whose
# matrix you do not see; your function recovers it, and the plot shows what the map does to the
# unit square: its two edges $e_0$, $e_1$ become the two columns, starting from $f(0) = b$.

# %%
box = AffineMap(A=np.array([[1.5, 0.6], [0.4, 1.1]]), b=np.array([0.5, -0.3]))  # pretend you cannot see A


def draw_square_and_image(ax, A, b, title):
    """The unit square (grey) and its image x ↦ A x + b (blue), the columns of A as arrows from b."""
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    image = square @ A.T + b
    ax.fill(square[:, 0], square[:, 1], color="0.85", label="unit square")
    ax.fill(image[:, 0], image[:, 1], color="tab:blue", alpha=0.35, label="its image")
    arrows = dict(angles="xy", scale_units="xy", scale=1, width=0.012)
    ax.quiver(*b, *A[:, 0], color="tab:red", label="column 0", **arrows)
    ax.quiver(*b, *A[:, 1], color="tab:green", label="column 1", **arrows)
    ax.set(aspect="equal", title=title)
    ax.grid(alpha=0.3)


with skip_if_todo():
    found = mine.jacobian_from_columns(box.apply, 2)
    print("the matrix your function found:\n", found)
    fig, ax = plt.subplots(figsize=(5, 5))
    draw_square_and_image(ax, found, box.apply(np.zeros(2)), "forward mode: the columns are the images of the edges")
    ax.legend(loc="upper left")
    plt.show()

# %%
check("linear_map_jacobian", "columns")

# %% [markdown]
# ## Part 2 — reverse mode: one row per output (`jacobian_from_rows`)
#
# The vector-Jacobian product of $x \mapsto Ax + b$ is $v \mapsto v^\top A = A^\top v$; the offset
# $b$ plays no part in it. With $v = e_i$ it returns row $i$ of $A$:
#
# $$\text{row } i \text{ of } A = \operatorname{vjp}(e_i).$$
#
# Now count the calls for a map with 1000 inputs and a single output, like a loss.

# %%
rng = np.random.default_rng(0)
loss_box = AffineMap(A=rng.standard_normal((1, 1000)), b=np.array([0.3]))
calls = {"f": 0, "vjp": 0}


def counted_f(x):
    calls["f"] += 1
    return loss_box.apply(x)


def counted_vjp(v):
    calls["vjp"] += 1
    return loss_box.vjp(v)


with skip_if_todo():
    by_rows = mine.jacobian_from_rows(counted_vjp, 1)
    print(f"reverse mode: {calls['vjp']:4d} VJP      for the whole gradient, shape {by_rows.shape}")
with skip_if_todo():
    by_columns = mine.jacobian_from_columns(counted_f, 1000)
    print(f"forward mode: {calls['f']:4d} calls of f for the same gradient, shape {by_columns.shape}")

# %%
check("linear_map_jacobian", "rows")

# %% [markdown]
# ## Part 3 — volumes scale by |det A| (`volume_scale`)
#
# The unit cube is mapped to the parallelepiped spanned by the columns of $A$, whose volume is
# $|\det A|$; $b$ only moves it. A negative determinant means the map also mirrors space (it flips
# the orientation), and a zero determinant that it flattens space onto something thinner. The
# letter **F** drawn in the square shows the orientation.

# %%
maps = {
    "a stretch": np.array([[2.0, 0.0], [0.0, 1.5]]),
    "a shear": np.array([[1.0, 1.0], [0.0, 1.0]]),
    "a mirror": np.array([[0.0, 1.0], [1.0, 0.0]]),
    "a flattening": np.array([[1.0, 0.5], [0.6, 0.3]]),
}
letter_f = np.array([[0.3, 0.15], [0.3, 0.85], [0.7, 0.85], [np.nan, np.nan], [0.3, 0.5], [0.6, 0.5]])

with skip_if_todo():
    scales = mine.volume_scale(np.stack(list(maps.values())))
    fig, axes = plt.subplots(1, 4, figsize=(15, 4.2), sharex=True, sharey=True)
    for ax, (name, A), scale in zip(axes, maps.items(), scales):
        draw_square_and_image(ax, A, np.zeros(2), f"{name}: |det A| = {scale:.2f}")
        ax.plot(*letter_f.T, color="0.4", linewidth=2)
        ax.plot(*(letter_f @ A.T).T, color="navy", linewidth=2)
    axes[0].set(xlim=(-0.2, 2.2), ylim=(-0.2, 1.7))
    plt.show()

# %%
check("linear_map_jacobian", "volume")

# %% [markdown]
# ## Part 4 — the best linear approximation (`linearize`)
#
# A smooth map is affine only to first order. Near $x_0$,
#
# $$f(x) \approx L(x) = f(x_0) + J(x_0)\,(x - x_0),$$
#
# with the value *and* the Jacobian taken at the base point $x_0$. Below, a curved map of the plane,
# $f(x, y) = \big(x + 0.4\sin(1.5\,y),\ y + 0.4\sin(1.5\,x)\big)$, bends a grid (black); your
# linearization around the red point (dashed) hugs it near the point and drifts away from it.

# %%
def warp(p):
    x, y = p
    return np.array([x + 0.4 * np.sin(1.5 * y), y + 0.4 * np.sin(1.5 * x)])


def warp_jacobian(p):
    x, y = p
    return np.array([[1.0, 0.6 * np.cos(1.5 * y)], [0.6 * np.cos(1.5 * x), 1.0]])


x0 = np.array([0.4, -0.2])
with skip_if_todo():
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    ticks = np.linspace(-1.2, 1.2, 9)
    line = np.linspace(-1.2, 1.2, 60)
    for value in ticks:
        for points in (np.stack([line, np.full_like(line, value)], 1), np.stack([np.full_like(line, value), line], 1)):
            curved = np.array([warp(p) for p in points])
            straight = np.array([mine.linearize(warp, warp_jacobian, x0, p) for p in points])
            ax.plot(*curved.T, color="black", linewidth=0.9)
            ax.plot(*straight.T, color="tab:red", linewidth=0.9, linestyle="--")
    ax.plot(*warp(x0), "o", color="tab:red")
    ax.set(aspect="equal", title="f (black) and its linearization at x0 (red, dashed)")
    plt.show()

# %%
check("linear_map_jacobian", "linearization")

# %% [markdown]
# ## Part 5 — the Taylor test: errors shrink like the square of the step (`linearization_errors`)
#
# By Taylor's theorem, $f(x_0 + t\,d) = f(x_0) + t\,J(x_0)\,d + O(t^2)$. So with the right Jacobian
#
# $$e(t) = \big\lVert f(x_0 + t\,d) - f(x_0) - t\,J(x_0)\,d \big\rVert \approx C\,t^2,$$
#
# and halving $t$ divides the error by about 4. With a wrong Jacobian the $O(t)$ term no longer
# cancels: the error only halves. On a log-log plot the slope says which: 2 or 1. This is how
# library authors test the derivatives they write by hand.

# %%
with skip_if_todo():
    d = np.array([1.0, -0.7])
    t = 0.5
    steps = t / 2.0 ** np.arange(12)
    right = mine.linearization_errors(warp, warp_jacobian, x0, d, t, 12)
    wrong = mine.linearization_errors(warp, lambda p: warp_jacobian(p).T + 0.1, x0, d, t, 12)

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(steps, right, "o-", label="the right Jacobian")
    ax.loglog(steps, wrong, "s-", label="a wrong Jacobian")
    ax.loglog(steps, steps**2, "k:", label="slope 2: t²")
    ax.loglog(steps, steps, "k--", label="slope 1: t")
    ax.set(xlabel="step t", ylabel="error of the linearization", title="the Taylor test")
    ax.legend()
    plt.show()
    print("ratios e_k / e_(k+1), right Jacobian:", np.round(right[:-1] / right[1:], 2)[:6])
    print("ratios e_k / e_(k+1), wrong Jacobian:", np.round(wrong[:-1] / wrong[1:], 2)[:6])

# %%
check("linear_map_jacobian", "quadratic")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check linear_map_jacobian`. When it says *done*, move on to
# `sigmoid_backward.ipynb`.

# %%
check("linear_map_jacobian")
