# Source of exercises/notebooks/gaussian_integral.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # The Gaussian integral by a change of variables
#
# The bell curve $e^{-x^2}$ has no antiderivative you can write down, yet its integral over the
# whole line is known exactly:
#
# $$I = \int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}.$$
#
# The classic proof squares $I$, reads the square as one integral over the plane, and changes to
# polar coordinates $x = r\cos\theta$, $y = r\sin\theta$:
#
# $$I^2 = \iint_{\mathbb{R}^2} e^{-(x^2 + y^2)}\,dx\,dy
#       = \int_0^{2\pi}\!\!\int_0^{\infty} e^{-r^2}\,\boxed{r}\;dr\,d\theta
#       = 2\pi \cdot \tfrac12 = \pi .$$
#
# The boxed $r$ is $|\det J|$, the determinant of the Jacobian of the polar map: a small cell
# $dr \times d\theta$ becomes a cell of area $r\,dr\,d\theta$ in the plane. Without it the same
# steps give $2\pi \int_0^\infty e^{-r^2}\,dr = 2\pi \cdot \tfrac{\sqrt\pi}{2} = \pi^{3/2}$: a number, but
# the wrong one. In this exercise you compute all of this numerically, then write the general rule
#
# $$\iint_{g(D)} f(x)\,dx = \iint_D f\big(g(u)\big)\,\big|\det J_g(u)\big|\,du$$
#
# for any map $g$, and finally get $\det J_g$ from the map alone, by finite differences.
#
# **How to work.** Open `../gaussian_integral.py`, write a function, save it (Ctrl-S) and run the
# cells here again: the first cell reloads your module every time. Each part ends with a self-check
# cell that runs the same checks as `jackit check`. A cell that needs a function you have not written
# yet says so in one line instead of failing.

# %%
%load_ext autoreload
%autoreload 2

import sys
from pathlib import Path

sys.path.insert(0, str(Path("..").resolve()))  # the folder that holds your exercise modules

import matplotlib.pyplot as plt
import numpy as np

import gaussian_integral as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo
from jackit.problems.coordinate_maps import AffineIntegrand, EllipticMap, GaussianIntegrand, ParabolicMap, ShearMap

# %% [markdown]
# ## Part 1 — the midpoint rule (`midpoint_rule`, `midpoint_grid`)
#
# Every integral here is a weighted sum. Cut $[a, b]$ into $n$ cells of width $h = (b - a)/n$ and
# sample the integrand at the centre of each:
#
# $$\int_a^b \varphi(t)\,dt \;\approx\; \sum_{i=0}^{n-1} h\,\varphi\big(a + (i + \tfrac12)\,h\big).$$
#
# The same $n$ always gives the same number, so your results can be compared with the reference
# solution to the last digits; and the error shrinks like $h^2$. On a rectangle, pair every node
# $u_i$ with every node $v_j$: the cell $(i, j)$ has area $\alpha_i \beta_j$. `midpoint_grid` returns
# the points with $u$ along the first axis, shape `(n_u, n_v, 2)` (careful: `np.meshgrid` puts the
# second coordinate first unless you pass `indexing="ij"`).

# %%
with skip_if_todo():
    nodes, weights = mine.midpoint_rule(0.0, 2.0, 6)
    t = np.linspace(0.0, 2.0, 200)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    left.bar(nodes, np.exp(-nodes**2), width=weights, color="tab:blue", alpha=0.35, edgecolor="tab:blue",
             label="one cell: width h, height φ(centre)")
    left.plot(t, np.exp(-t**2), color="black", label="φ(t) = e^(−t²)")
    left.plot(nodes, np.exp(-nodes**2), "o", color="tab:red", label="your nodes")
    left.set(xlabel="t", title="the midpoint rule with 6 cells")
    left.legend()

    exact = np.sqrt(np.pi) / 2 * 0.9953222650189527  # ∫₀² e^(−t²) dt = (√π/2) erf(2)
    counts = np.array([2, 4, 8, 16, 32, 64, 128])
    errors = [abs(np.sum(w * np.exp(-x**2)) - exact) for x, w in (mine.midpoint_rule(0.0, 2.0, n) for n in counts)]
    right.loglog(counts, errors, "o-", label="|error| of your rule")
    right.loglog(counts, errors[0] * (counts[0] / counts) ** 2, "--", color="0.5", label="slope −2: error ∝ h²")
    right.set(xlabel="number of cells n", ylabel="|error|", title="halving h divides the error by 4")
    right.legend()
    plt.show()

# %%
check("gaussian_integral", "midpoint")

# %% [markdown]
# ## Part 2 — the Gaussian integral in polar coordinates (`gaussian_squared_polar`, `gaussian_integral`)
#
# In polar coordinates the disc $x^2 + y^2 \le R^2$ is the rectangle $[0, R] \times [0, 2\pi]$, and
#
# $$I(R)^2 = \int_0^{2\pi}\!\!\int_0^R e^{-r^2}\,r\;dr\,d\theta = \pi\,\big(1 - e^{-R^2}\big).$$
#
# With $R = 6$, $e^{-36} \approx 2 \cdot 10^{-16}$: the disc holds the whole integral. Write
# `gaussian_squared_polar(radius, n_r, n_theta)` with your `midpoint_grid` (the area element
# included), and `gaussian_integral`, its square root. The left panel shows the weight
# $e^{-r^2}\,r\,\Delta r\,\Delta\theta$ of every cell of a coarse grid, where it lands in the plane.

# %%
with skip_if_todo():
    points, weights = mine.midpoint_grid(((0.0, 3.0), (0.0, 2 * np.pi)), (12, 24))
    r, theta = points[..., 0], points[..., 1]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    dots = left.scatter(r * np.cos(theta), r * np.sin(theta), c=np.exp(-r**2) * r * weights, cmap="viridis", s=30)
    fig.colorbar(dots, ax=left, label="e^(−r²) · r · Δr Δθ")
    left.set(xlabel="x", ylabel="y", aspect="equal", title="the polar cells and their weights")

    counts = np.array([5, 10, 20, 40, 80, 160, 320])
    values = [mine.gaussian_squared_polar(6.0, n, 8) for n in counts]
    right.semilogx(counts, values, "o-", label="your I² (with the area element r)")
    right.axhline(np.pi, color="tab:green", linestyle="--", label="π")
    right.axhline(np.pi**1.5, color="tab:red", linestyle=":", label="π^(3/2): what you would get without r")
    right.set(xlabel="n_r (cells along r)", ylabel="I²", ylim=(2.5, 6.0), title="the polar sum converges to π")
    right.legend()
    plt.show()
    print(f"I ≈ {mine.gaussian_integral(6.0, 400, 8):.8f},   √π = {np.sqrt(np.pi):.8f}")

# %%
check("gaussian_integral", "polar")

# %% [markdown]
# ## Part 3 — any change of variables (`integrate_by_substitution`)
#
# Nothing in part 2 was special to polar coordinates. For a map $g$ from a rectangle $D$ onto a
# region $g(D)$, one to one:
#
# $$\iint_{g(D)} f(x)\,dx = \iint_D f\big(g(u)\big)\,\big|\det J_g(u)\big|\,du .$$
#
# Your function receives $f$, $g$ and `jac_det` ($\det J_g$, **signed**) as functions of points of
# shape `S + (2,)`. Take the absolute value: a map that flips the plane, like the shear
# $(u, v) \mapsto (u + s v,\ k v)$ with $k < 0$, has a negative determinant, but areas stay positive.
# Below, the images of a grid under an elliptic map ($\det J = a b r$) and such a shear, coloured by
# the sign of $\det J$.

# %%
def image_of_grid(ax, problem, domain, n, title):
    """Draw the images of the grid lines of `domain` under the map, and the images of the u and v directions
    (the columns of J) at the centre of the domain: turning from u to v clockwise means det J < 0."""
    (u_lo, u_hi), (v_lo, v_hi) = domain
    for u in np.linspace(u_lo, u_hi, n + 1):
        line = problem.value(np.stack([np.full(50, u), np.linspace(v_lo, v_hi, 50)], axis=-1))
        ax.plot(line[:, 0], line[:, 1], color="0.7", linewidth=0.7)
    for v in np.linspace(v_lo, v_hi, n + 1):
        line = problem.value(np.stack([np.linspace(u_lo, u_hi, 50), np.full(50, v)], axis=-1))
        ax.plot(line[:, 0], line[:, 1], color="0.7", linewidth=0.7)
    centre = np.array([(u_lo + u_hi) / 2, (v_lo + v_hi) / 2])
    (x, y), J = problem.value(centre), problem.jacobian(centre)
    directions = 0.6 * J / np.linalg.norm(J, axis=0)  # the two columns of J, drawn with the same length
    arrows = dict(angles="xy", scale_units="xy", scale=1, width=0.012)
    ax.quiver(x, y, *directions[:, 0], color="tab:red", label="image of the u direction", **arrows)
    ax.quiver(x, y, *directions[:, 1], color="tab:blue", label="image of the v direction", **arrows)
    ax.set(aspect="equal", title=title)
    ax.legend(loc="lower left", fontsize="small")


ellipse = EllipticMap(a=2.0, b=1.0)
shear = ShearMap(s=0.8, k=-1.5)
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6))
image_of_grid(left, ellipse, ((0.0, 1.0), (0.0, 2 * np.pi)), 8, "elliptic map: det J = a b r > 0")
image_of_grid(right, shear, ((0.0, 2.0), (0.0, 1.0)), 8, "shear and flip: det J = k = −1.5 < 0")
plt.show()

# %% [markdown]
# In the $(u, v)$ plane, turning from the $u$ direction to the $v$ direction is a counter-clockwise
# quarter turn. The elliptic map keeps that (red to blue is counter-clockwise); the flipping shear
# reverses it (clockwise): that is what the sign of $\det J$ says. The area of each small image cell
# is $|\det J|$ times the area of the cell it came from, whatever the sign.

# %%
with skip_if_todo():
    one = AffineIntegrand(p=np.zeros(2), q=1.0)
    disc = ((0.0, 1.0), (0.0, 2 * np.pi))
    area = mine.integrate_by_substitution(one.value, ellipse.value, ellipse.det, disc, (20, 20))
    print(f"area of the ellipse:        {area:.10f}    π a b = {np.pi * 2.0:.10f}")
    area = mine.integrate_by_substitution(one.value, shear.value, shear.det, ((0.0, 2.0), (0.0, 1.0)), (5, 5))
    print(f"area of the parallelogram:  {area:.10f}    |k| · 2 · 1 = {1.5 * 2:.10f}")
    gaussian = GaussianIntegrand(A=np.diag([1 / 4, 1.0]), c=np.zeros(2))
    mass = mine.integrate_by_substitution(gaussian.value, ellipse.value, ellipse.det, disc, (200, 16))
    print(f"e^(−(x²/4 + y²)) over it:   {mass:.10f}    π a b (1 − 1/e) = {2 * np.pi * (1 - np.exp(-1)):.10f}")

# %%
check("gaussian_integral", "substitution")

# %% [markdown]
# ## Part 4 — the determinant from the map alone (`jac_det_by_differences`)
#
# When $g$ comes without its Jacobian, approximate each column by a central difference,
#
# $$J_{:,k}(u) \approx \frac{g(u + h e_k) - g(u - h e_k)}{2h},$$
#
# and take $\det J = J_{00} J_{11} - J_{01} J_{10}$, keeping its sign. For parabolic coordinates
# $g(u, v) = \big(\tfrac{u^2 - v^2}{2},\ u v\big)$, $\det J = u^2 + v^2$. The plot follows the error
# at one point as the step $h$ shrinks. One-sided differences $(g(u + h e_k) - g(u))/h$ are off by
# $O(h)$; central ones are exact for a quadratic map like this one, so all that is left of their
# error is rounding, about $\varepsilon / h$: it grows as $h$ shrinks.

# %%
with skip_if_todo():
    parabolic = ParabolicMap()
    points = np.array([[1.0, 2.0], [-0.5, 1.5], [2.0, -3.0]])
    print("your det J:", mine.jac_det_by_differences(parabolic.value, points, 1e-3), "  exact:", parabolic.det(points))

    point, exact = np.array([1.3, 0.7]), 1.3**2 + 0.7**2
    steps = np.logspace(-9, -1, 17)
    central = [abs(mine.jac_det_by_differences(parabolic.value, point, h) - exact) / exact for h in steps]
    one_sided = []
    for h in steps:
        d_du, d_dv = ((parabolic.value(point + h * e) - parabolic.value(point)) / h for e in np.eye(2))
        one_sided.append(abs(d_du[0] * d_dv[1] - d_dv[0] * d_du[1] - exact) / exact)

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(steps, np.maximum(central, 1e-17), "o-", label="your central differences")
    ax.loglog(steps, one_sided, "s--", label="one-sided differences")
    ax.set(xlabel="step h", ylabel="relative error of det J at (1.3, 0.7)", title="parabolic coordinates")
    ax.legend()
    plt.show()

# %%
check("gaussian_integral", "differences")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check gaussian_integral` in a terminal.

# %%
check("gaussian_integral")
