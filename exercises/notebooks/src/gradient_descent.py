# Source of exercises/notebooks/gradient_descent.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # Exercise 5 — fixed-step gradient descent, and the step-size limit 2/L
#
# The gradient of a loss points uphill, so to minimise $L:\mathbb{R}^n \to \mathbb{R}$, step against it:
#
# $$x_{k+1} = x_k - \eta\,\nabla L(x_k), \qquad k = 0, 1, 2, \dots$$
#
# Everything then hangs on the step size $\eta$. On a quadratic
# $L(x) = \tfrac12 x^\top A x - b^\top x$ (with $A$ symmetric positive definite and minimiser
# $x^* = A^{-1}b$), the gradient is $Ax - b$, and the error $e_k = x_k - x^*$ obeys
#
# $$e_{k+1} = (I - \eta A)\,e_k, \qquad e_k = (I - \eta A)^k\,e_0 .$$
#
# Along an eigenvector of $A$ with eigenvalue $\lambda$, the error is multiplied by $1 - \eta\lambda$
# at every step. It shrinks when $|1 - \eta\lambda| < 1$, that is $0 < \eta < 2/\lambda$, and every
# direction shrinks when
#
# $$\eta < \frac{2}{L}, \qquad L = \lambda_\text{max}(A)\ \text{(the largest curvature)}.$$
#
# The matrix $A$ is the Hessian of $L$, the Jacobian of its gradient: curvature is what limits the
# step. (Exercise 6 uses it to take better steps.)
#
# **How to work.** Edit `../gradient_descent.py`, save it, run the cells here again (your module is
# reloaded at every run). Each part ends with a self-check cell, the same checks as `jackit check`.

# %%
%load_ext autoreload
%autoreload 2

import sys
from pathlib import Path

sys.path.insert(0, str(Path("..").resolve()))  # the folder that holds your exercise modules

import matplotlib.pyplot as plt
import numpy as np

import gradient_descent as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo
from jackit.problems.quadratic import Quadratic
from jackit.problems.rosenbrock import Rosenbrock

# %% [markdown]
# ## Part 1 — the trajectory (`gradient_descent`)
#
# Return every iterate, $x_0$ first: shape `(n_steps + 1, n)`. The quadratic below has
# $A = \begin{pmatrix} 2 & 1 \\ 1 & 2 \end{pmatrix}$, with eigenvalues 1 and 3, so $2/L = 2/3$.
# Four step sizes, from timid to too bold:

# %%
bowl = Quadratic(A=np.array([[2.0, 1.0], [1.0, 2.0]]), b=np.array([1.0, -1.0]))
x0 = np.array([2.0, 1.5])
grid = np.linspace(-2.5, 3.0, 200)
GX, GY = np.meshgrid(grid, grid)
bowl_values = np.vectorize(lambda x, y: bowl.value(np.array([x, y])))(GX, GY)

with skip_if_todo():
    fig, axes = plt.subplots(1, 4, figsize=(16, 4.2), sharey=True)
    for ax, step in zip(axes, (0.1, 0.3, 0.6, 0.7)):
        path = mine.gradient_descent(bowl.grad, x0, step, 12)
        ax.contour(GX, GY, bowl_values, levels=15, cmap="Greys", linewidths=0.7)
        ax.plot(path[:, 0], path[:, 1], "o-", color="tab:red", markersize=3.5)
        ax.plot(*bowl.minimizer(), "*", color="gold", markersize=14, markeredgecolor="black")
        ax.set(title=f"η = {step}" + ("  (> 2/3: diverges)" if step > 2 / 3 else ""), aspect="equal",
               xlim=(-2.5, 3.0), ylim=(-2.5, 3.0))
    plt.show()

# %%
check("gradient_descent", "descent")

# %% [markdown]
# ## Part 2 — when to stop (`descend_until`)
#
# At the minimum the gradient vanishes, so stop as soon as $\lVert\nabla L(x_k)\rVert < \text{tol}$,
# testing *before* each step (and give up after `max_steps` steps). Because the error shrinks by the
# same factor at every step, each extra digit of accuracy costs the same number of steps: the count
# grows like $\log(1/\text{tol})$.

# %%
with skip_if_todo():
    tolerances = 10.0 ** -np.arange(1, 13)
    counts = [mine.descend_until(bowl.grad, x0, 0.3, tol, 10_000)[1] for tol in tolerances]
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.semilogx(tolerances, counts, "o-")
    ax.invert_xaxis()
    ax.set(xlabel="tol (‖∇L‖ below it stops descent)", ylabel="steps taken", title="η = 0.3: a straight line")
    plt.show()

# %%
check("gradient_descent", "stopping")

# %% [markdown]
# ## Part 3 — the step-size limit (`max_stable_step`, `contraction_factor`)
#
# Per step the error shrinks at least by the factor
#
# $$\rho(\eta) = \max_i\, |1 - \eta\lambda_i| ,$$
#
# slow for small $\eta$ (held back by $\lambda_\text{min}$), divergent past $2/\lambda_\text{max}$
# (where $\rho > 1$), and best in between, at $\eta = 2/(\lambda_\text{min} + \lambda_\text{max})$. The
# wider the spread of the eigenvalues (the condition number $\kappa = \lambda_\text{max}/\lambda_\text{min}$),
# the closer even the best $\rho$ comes to 1.

# %%
with skip_if_todo():
    fig, ax = plt.subplots(figsize=(7, 4))
    for label, A in {"eigenvalues 1 and 3 (the bowl above)": bowl.A,
                     "eigenvalues 1 and 20 (a narrow valley)": np.diag([1.0, 20.0])}.items():
        limit = mine.max_stable_step(A)
        steps = np.linspace(0.001, 1.2 * limit, 300)
        ax.plot(steps / limit, [mine.contraction_factor(A, step) for step in steps], label=label)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.axvline(1.0, color="black", linestyle=":", linewidth=0.8)
    ax.set(xlabel="η / max_stable_step(A)", ylabel="ρ(η)", ylim=(0, 1.5),
           title="below 1: converges; at η = 2/L the line crosses 1")
    ax.legend()
    plt.show()

# %%
check("gradient_descent", "stability")

# %% [markdown]
# ## Part 4 — Rosenbrock's banana valley (`descent_run`)
#
# $f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2$ has its minimum at $(1, 1)$, at the end of a long curved
# valley. Across the valley the curvature is about 1000, which forces a step below about $2 \times
# 10^{-3}$; along the valley floor the slope is tiny. Descent reaches the floor at once, then crawls.

# %%
banana = Rosenbrock()
with skip_if_todo():
    path, values = mine.descent_run(banana.value, banana.grad, np.array([-1.2, 1.0]), 1e-3, 5000)
    xs, ys = np.meshgrid(np.linspace(-1.6, 1.6, 300), np.linspace(-0.6, 1.8, 300))
    surface = (1 - xs) ** 2 + 100 * (ys - xs**2) ** 2
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.5))
    left.contour(xs, ys, surface, levels=np.logspace(-1, 3, 14), cmap="Greys", linewidths=0.7)
    left.plot(path[:, 0], path[:, 1], "-", color="tab:red", linewidth=1.5)
    left.plot(*path[::250].T, "o", color="tab:red", markersize=3, label="every 250th step")
    left.plot(1, 1, "*", color="gold", markersize=14, markeredgecolor="black")
    left.set(title="5000 steps of η = 0.001", xlabel="x", ylabel="y")
    left.legend()
    right.semilogy(values)
    right.set(xlabel="step", ylabel="f(x_k)", title="the loss: a fast drop, then a crawl")
    plt.show()
    print(f"after 5000 steps: x = {path[-1].round(4)}, f = {values[-1]:.2e}")

# %%
check("gradient_descent", "rosenbrock")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check gradient_descent`. When it says *done*, move on to
# `newton.ipynb`, where the curvature that slowed descent down becomes the way to go fast.

# %%
check("gradient_descent")
