# Source of exercises/notebooks/newton.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # Exercise 6 — Newton's method, and Gauss–Newton for nonlinear least squares
#
# Gradient descent looks at the slope only, and the curvature punishes it: in exercise 5 it crawled
# along Rosenbrock's valley. Newton's method uses the curvature. Near $x$, $f$ is close to its
# second-order Taylor model
#
# $$f(x + d) \approx m(d) = f(x) + g^\top d + \tfrac12\, d^\top H\, d, \qquad
#   g = \nabla f(x),\quad H = \nabla^2 f(x),$$
#
# where the Hessian $H$ is the Jacobian of the gradient. When $H$ is positive definite the model is
# lowest where its gradient $g + Hd$ vanishes:
#
# $$H\,d = -g, \qquad x \leftarrow x + d .$$
#
# Near a minimum the error then *squares* at every step: the number of correct digits doubles.
# For least squares, $f(p) = \tfrac12\lVert r(p)\rVert^2$, the Jacobian $J$ of the residuals gives
# $\nabla f = J^\top r$ and $\nabla^2 f \approx J^\top J$: Newton's step with only first derivatives,
# Gauss–Newton.
#
# **How to work.** Edit `../newton.py`, save it, run the cells here again (your module is reloaded
# at every run). Each part ends with a self-check cell, the same checks as `jackit check`.

# %%
%load_ext autoreload
%autoreload 2

import sys
from pathlib import Path

sys.path.insert(0, str(Path("..").resolve()))  # the folder that holds your exercise modules

import matplotlib.pyplot as plt
import numpy as np

import newton as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo
from jackit.problems.curve_fit import ExponentialDecayFit
from jackit.problems.rosenbrock import Rosenbrock

# %% [markdown]
# ## Part 1 — the Newton step (`newton_step`)
#
# Solve $H d = -g$ with `np.linalg.solve`: never multiply by $H$, never invert it. In one dimension
# the step jumps to the bottom of the parabola that touches $f$ at $x$ with the same slope and
# curvature. Here $f(x) = e^{x} - 2x$ (minimum at $\ln 2$), three Newton steps from $x = 2$:

# %%
def f(x):
    return np.exp(x) - 2 * x


with skip_if_todo():
    xs = np.linspace(-0.3, 2.2, 200)
    fig, axes = plt.subplots(1, 3, figsize=(14, 3.8), sharey=True)
    x = 2.0
    for ax in axes:
        g, H = np.exp(x) - 2, np.exp(x)                                   # f'(x), f''(x)
        d = mine.newton_step(np.array([g]), np.array([[H]]))[0]
        ax.plot(xs, f(xs), color="black", label="f")
        ax.plot(xs, f(x) + g * (xs - x) + 0.5 * H * (xs - x) ** 2, "--", color="tab:blue", label="the model m")
        ax.plot(x, f(x), "o", color="tab:blue")
        ax.plot(x + d, f(x) + g * d + 0.5 * H * d**2, "v", color="tab:red", label="the model's minimum")
        ax.axvline(np.log(2), color="0.7", linestyle=":")
        ax.set(title=f"x = {x:.6f} → {x + d:.6f}", ylim=(0.3, 4.0), xlabel="x")
        x = x + d
    axes[0].legend()
    plt.show()

# %% [markdown]
# On a quadratic the model *is* the function: one step lands on the minimiser.

# %%
with skip_if_todo():
    A, b = np.array([[4.0, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0])
    x0 = np.array([5.0, -7.0])
    print("x0 + d =", x0 + mine.newton_step(A @ x0 - b, A), "   A⁻¹b =", np.linalg.solve(A, b))

# %%
check("newton", "newton_step")

# %% [markdown]
# ## Part 2 — Newton's method against gradient descent (`newton_method`)
#
# Repeat the step with the gradient and the Hessian evaluated afresh at every iterate. On
# Rosenbrock's valley, from the classic start $(-1.2, 1)$: your Newton's method, and — if you have
# finished exercise 5 — your gradient descent, 5000 steps of $\eta = 0.001$.

# %%
banana = Rosenbrock()
start = np.array([-1.2, 1.0])

with skip_if_todo():
    newton_path = mine.newton_method(banana.grad, banana.hess, start, 8)
    xs, ys = np.meshgrid(np.linspace(-1.6, 1.6, 300), np.linspace(-3.5, 2.0, 300))
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8))
    left.contour(xs, ys, (1 - xs) ** 2 + 100 * (ys - xs**2) ** 2, levels=np.logspace(-1, 3.5, 16), cmap="Greys",
                 linewidths=0.7)
    left.plot(*newton_path.T, "o-", color="tab:red", label="Newton, 8 steps")
    steps = np.arange(1, len(newton_path) + 1)
    right.loglog(steps, np.linalg.norm(newton_path - 1.0, axis=1), "o-", color="tab:red", label="Newton")
    with skip_if_todo():
        import gradient_descent
        descent_path = gradient_descent.gradient_descent(banana.grad, start, 1e-3, 5000)
        left.plot(*descent_path.T, color="tab:blue", label="descent, 5000 steps")
        right.loglog(np.arange(1, 5002), np.linalg.norm(descent_path - 1.0, axis=1), color="tab:blue",
                     label="descent")
    left.plot(1, 1, "*", color="gold", markersize=14, markeredgecolor="black")
    left.set(xlabel="x", ylabel="y", title="the paths")
    left.legend(loc="lower left")
    right.set(xlabel="step k + 1", ylabel="distance to the minimum (1, 1)", title="the errors", ylim=(1e-16, 10))
    right.legend()
    plt.show()
    print("Newton's distances to (1, 1):", " ".join(f"{e:.1e}" for e in np.linalg.norm(newton_path - 1.0, axis=1)))

# %% [markdown]
# Far from the minimum Newton's method trusts a model that is only good nearby, and its first steps
# can leap (here, down to $y pprox -3$). Once it is close, the distances go
# $10^{-2} 	o 10^{-5} 	o 10^{-11}$: the error squares at every step. Descent, in the meantime, is
# still walking along the valley floor.

# %%
check("newton", "newton_method")

# %% [markdown]
# ## Part 3 — the Gauss–Newton step (`gauss_newton_step`)
#
# To fit parameters $p \in \mathbb{R}^k$ to data, minimise $f(p) = \tfrac12\lVert r(p)\rVert^2$, where
# the residuals $r(p) \in \mathbb{R}^m$ are model minus data and $J = \partial r/\partial p$ is their
# $m \times k$ Jacobian. Then
#
# $$\nabla f = J^\top r, \qquad \nabla^2 f = J^\top J + \sum_i r_i\,\nabla^2 r_i \approx J^\top J,$$
#
# and Gauss–Newton solves $(J^\top J)\,d = -J^\top r$. When the model is linear in $p$, $r(p) = Ap - y$,
# the approximation is exact and one step from anywhere gives the least-squares fit. A straight line
# $y \approx p_0 + p_1 t$ through noisy points:

# %%
rng = np.random.default_rng(3)
t = np.linspace(0, 4, 25)
y = 1.0 + 0.7 * t + 0.4 * rng.standard_normal(25)
A_line = np.stack([np.ones_like(t), t], axis=1)     # r(p) = A p − y, so J = A

with skip_if_todo():
    p = np.zeros(2) + mine.gauss_newton_step(A_line @ np.zeros(2) - y, A_line)
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.plot(t, y, "o", color="0.4", label="data")
    ax.plot(t, A_line @ p, color="tab:red", label=f"one step from p = 0: y = {p[0]:.3f} + {p[1]:.3f} t")
    ax.set(xlabel="t", ylabel="y", title="linear least squares in one Gauss–Newton step")
    ax.legend()
    plt.show()
    print("np.linalg.lstsq gives", np.linalg.lstsq(A_line, y, rcond=None)[0].round(3))

# %%
check("newton", "gauss_newton_step")

# %% [markdown]
# ## Part 4 — fitting a curve (`gauss_newton`)
#
# Now a model that is not linear in its parameters: $y \approx a\,e^{-bt} + c$, with residuals and
# Jacobian from `ExponentialDecayFit`. Each Gauss–Newton step linearises the model at the current
# parameters, and the fit snaps onto the data in a few steps. At the fit the gradient $J^\top r$
# vanishes: the residuals are orthogonal to every column of $J$.

# %%
rng = np.random.default_rng(7)
times = np.linspace(0, 3, 30)
fit = ExponentialDecayFit(t=times, y=2.0 * np.exp(-0.8 * times) + 0.5 + 0.05 * rng.standard_normal(30))
p0 = np.array([3.0, 2.0, 0.0])

with skip_if_todo():
    path = mine.gauss_newton(fit.residuals, fit.jacobian, p0, 8)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.2))
    left.plot(times, fit.y, "o", color="0.4", label="data")
    shades = plt.cm.Reds(np.linspace(0.25, 1.0, len(path)))
    for k, (p, shade) in enumerate(zip(path, shades)):
        left.plot(times, fit.model(p), color=shade, label=f"step {k}" if k in (0, 1, 2, len(path) - 1) else None)
    left.set(xlabel="t", ylabel="y", title="the model after each step")
    left.legend()
    right.semilogy([np.linalg.norm(fit.grad(p)) for p in path], "o-")
    right.set(xlabel="step k", ylabel="‖Jᵀr‖", title="the gradient vanishes at the fit")
    plt.show()
    print("fitted (a, b, c) =", path[-1].round(4), "   the data came from (2, 0.8, 0.5) plus noise")

# %%
check("newton", "gauss_newton")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check newton`. When it says *done*, move on to `mlp_backprop.ipynb`:
# everything so far, in one network.

# %%
check("newton")
