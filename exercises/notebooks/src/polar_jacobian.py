# Source of exercises/notebooks/polar_jacobian.ipynb: edit this file, then run `jackit release`.
# Cells start at "# %%" (code) or "# %% [markdown]" (text, every line behind "# ").

# %% [markdown]
# # Exercise 1 — the Jacobian of polar coordinates
#
# Some integrals are easy only in the right coordinates. The most famous one is the Gaussian integral
#
# $$I = \int_{-\infty}^{\infty} e^{-x^2}\,dx,$$
#
# whose integrand has no antiderivative you can write down. The trick is to square it and read the
# square as one integral over the whole plane:
#
# $$I^2 = \int_{-\infty}^{\infty} e^{-x^2}\,dx \int_{-\infty}^{\infty} e^{-y^2}\,dy
#       = \iint_{\mathbb{R}^2} e^{-(x^2 + y^2)}\,dx\,dy .$$
#
# In polar coordinates, $x = r\cos\theta$ and $y = r\sin\theta$, the integrand $e^{-r^2}$ depends on
# the radius alone, and
#
# $$I^2 = \int_0^{2\pi}\!\!\int_0^{\infty} e^{-r^2}\,\boxed{r}\;dr\,d\theta
#       = 2\pi \left[-\tfrac{1}{2} e^{-r^2}\right]_0^{\infty} = \pi,
#   \qquad I = \sqrt{\pi}.$$
#
# Everything rests on the boxed factor $r$: it turns $e^{-r^2}$ into something with an
# antiderivative. Where does it come from? From the **Jacobian** of the change of coordinates, and
# that is this exercise.
#
# **How to work.** Open `../polar_jacobian.py` (double-click it in the file browser on the left;
# drag its tab beside this one to see both), write a function, save it (Ctrl-S), and run the cells
# here again: the first cell reloads your module every time. Each part ends with a self-check cell
# that runs the same checks as `jackit check`. A cell that needs a function you have not written
# yet says so in one line instead of failing.

# %%
%load_ext autoreload
%autoreload 2

import sys
from pathlib import Path

sys.path.insert(0, str(Path("..").resolve()))  # the folder that holds your exercise modules

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

import polar_jacobian as mine  # your module: saved edits show up here at once
from jackit.notebook_check import check, skip_if_todo

# %% [markdown]
# ## The map, and what it does to a grid
#
# The map $(r, \theta) \mapsto (x, y) = (r\cos\theta,\ r\sin\theta)$ is given:
# `mine.polar_to_cartesian(r, theta)`. Below, the left panel is a grid of equal cells
# $\Delta r \times \Delta\theta$ in the $(r, \theta)$ plane; the right panel shows where the map puts
# each of them. Same colour, same cell.

# %%
def cell_outline(r0, r1, t0, t1, n=16):
    """The boundary of the cell [r0, r1] × [t0, t1], walked round as (r, θ) points."""
    r = np.concatenate([np.linspace(r0, r1, n), np.full(n, r1), np.linspace(r1, r0, n), np.full(n, r0)])
    t = np.concatenate([np.full(n, t0), np.linspace(t0, t1, n), np.full(n, t1), np.linspace(t1, t0, n)])
    return r, t


r_edges = np.linspace(0.25, 2.0, 8)          # 7 rings
theta_edges = np.linspace(0.0, np.pi / 2, 7)  # 6 sectors of the first quadrant
colours = plt.cm.viridis(np.linspace(0.1, 0.9, len(r_edges) - 1))

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.6))
for i, (r0, r1) in enumerate(zip(r_edges[:-1], r_edges[1:])):
    for k, (t0, t1) in enumerate(zip(theta_edges[:-1], theta_edges[1:])):
        shade = colours[i] if (i + k) % 2 == 0 else 0.55 + 0.45 * colours[i]
        r, t = cell_outline(r0, r1, t0, t1)
        left.fill(r, t, color=shade, edgecolor="white", linewidth=0.8)
        xy = mine.polar_to_cartesian(r, t)
        right.fill(xy[:, 0], xy[:, 1], color=shade, edgecolor="white", linewidth=0.8)
left.set(xlabel="r", ylabel="θ", title="equal cells Δr × Δθ")
right.set(xlabel="x", ylabel="y", title="their images in the plane", aspect="equal")
plt.show()

# %% [markdown]
# Every cell on the left has the same area $\Delta r\,\Delta\theta$, but their images grow with the
# radius: the ring at radius $r$ is a strip of width $\Delta r$ and length about $r\,\Delta\theta$.
# The Jacobian says this exactly, at every point.

# %% [markdown]
# ## Part 1 — the Jacobian matrix (`polar_jacobian`)
#
# The Jacobian of a map has one row per output and one column per input:
#
# $$J(r, \theta) =
#   \begin{pmatrix} \dfrac{\partial x}{\partial r} & \dfrac{\partial x}{\partial \theta} \\[2mm]
#                   \dfrac{\partial y}{\partial r} & \dfrac{\partial y}{\partial \theta} \end{pmatrix}
#   = \begin{pmatrix} \cos\theta & -r\sin\theta \\ \sin\theta & r\cos\theta \end{pmatrix}.$$
#
# Read it by columns. A small step $\Delta r$ moves the point by the first column times $\Delta r$:
# straight out, by $\Delta r$. A small turn $\Delta\theta$ moves it by the second column times
# $\Delta\theta$: sideways, by $r\,\Delta\theta$, farther the farther out the point is. Near
# $(r, \theta)$ the map is the linear map $J$:
#
# $$\begin{pmatrix} \Delta x \\ \Delta y \end{pmatrix} \approx J(r, \theta)
#   \begin{pmatrix} \Delta r \\ \Delta\theta \end{pmatrix}.$$
#
# Write `polar_jacobian(r, theta)`: for arrays `r` and `theta` of shape `S`, it returns shape
# `S + (2, 2)`, the batch first. At $r = 2$, $\theta = 0$ you should see `[[1, 0], [0, 2]]`.

# %%
with skip_if_todo():
    print(mine.polar_jacobian(np.array([2.0]), np.array([0.0])))

# %% [markdown]
# The two columns of your Jacobian at the corner of a few cells, scaled by the cell's $\Delta r$ and
# $\Delta\theta$: they are (almost) the two sides of the curved cell.

# %%
with skip_if_todo():
    corners = [(0, 1), (2, 0), (3, 3), (5, 1), (5, 4), (1, 4)]   # (ring, sector) of a few cells
    dr, dtheta = r_edges[1] - r_edges[0], theta_edges[1] - theta_edges[0]
    r = np.array([r_edges[i] for i, _ in corners])
    theta = np.array([theta_edges[k] for _, k in corners])
    J = mine.polar_jacobian(r, theta)
    x, y = mine.polar_to_cartesian(r, theta).T

    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    for i, (r0, r1) in enumerate(zip(r_edges[:-1], r_edges[1:])):
        for k, (t0, t1) in enumerate(zip(theta_edges[:-1], theta_edges[1:])):
            xy = mine.polar_to_cartesian(*cell_outline(r0, r1, t0, t1))
            ax.fill(xy[:, 0], xy[:, 1], color="0.8" if (i, k) in corners else "0.96", edgecolor="white")
    arrows = dict(angles="xy", scale_units="xy", scale=1, width=0.008)
    ax.quiver(x, y, J[:, 0, 0] * dr, J[:, 1, 0] * dr, color="tab:red", label="column r × Δr", **arrows)
    ax.quiver(x, y, J[:, 0, 1] * dtheta, J[:, 1, 1] * dtheta, color="tab:blue", label="column θ × Δθ", **arrows)
    ax.set(xlabel="x", ylabel="y", aspect="equal", title="the columns of J span the little cells")
    ax.legend(loc="upper right")
    plt.show()

# %%
check("polar_jacobian", "jacobian")

# %% [markdown]
# ## Part 2 — the determinant is an area scale (`polar_area_element`)
#
# A small cell $\Delta r \times \Delta\theta$ is mapped to (almost) the parallelogram spanned by the
# two columns you just drew, $J e_r\,\Delta r$ and $J e_\theta\,\Delta\theta$. The area of the
# parallelogram spanned by the columns of a $2 \times 2$ matrix is $|\det|$ of that matrix, so
#
# $$\text{area of the image} \approx |\det J(r, \theta)|\;\Delta r\,\Delta\theta,
#   \qquad dx\,dy = |\det J|\;dr\,d\theta .$$
#
# For polar coordinates, $\det J = \cos\theta \cdot r\cos\theta - (-r\sin\theta)\sin\theta = r$:
# there is the boxed $r$ of the Gaussian integral. Write `polar_area_element(r, theta)`, the
# determinant at every point of a batch ($ad - bc$ for $\begin{pmatrix} a & b \\ c & d\end{pmatrix}$).
#
# The exact area of a ring sector between radii $r_0 < r_1$ and angles $\Delta\theta$ apart is
# $\tfrac12 (r_1^2 - r_0^2)\,\Delta\theta$. Divided by $\Delta r\,\Delta\theta$, it should sit on your
# area element:

# %%
with skip_if_todo():
    r0, r1 = r_edges[:-1], r_edges[1:]
    stretch = 0.5 * (r1**2 - r0**2) / (r1 - r0)   # exact image area / cell area, ring by ring
    r_fine = np.linspace(0.2, 2.1, 100)
    element = mine.polar_area_element(r_fine, np.full_like(r_fine, 0.7))

    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.plot(r_fine, element, color="tab:blue", label="your det J(r, θ = 0.7)")
    ax.plot(0.5 * (r0 + r1), stretch, "o", color="tab:orange", label="exact area ratio of each ring's cells")
    ax.set(xlabel="r", ylabel="area of the image / Δr Δθ", title="the determinant is the area scale")
    ax.legend()
    plt.show()

# %% [markdown]
# Now the Gaussian integral, numerically: add up $e^{-r^2}$ times the area of each small cell's
# image, $|\det J|\,\Delta r\,\Delta\theta$, over a fine grid of the disc of radius 6 (beyond it
# $e^{-r^2} < 10^{-15}$).

# %%
with skip_if_todo():
    n_r, n_theta, radius = 600, 64, 6.0
    dr, dtheta = radius / n_r, 2 * np.pi / n_theta
    R, THETA = np.meshgrid((np.arange(n_r) + 0.5) * dr, (np.arange(n_theta) + 0.5) * dtheta, indexing="ij")
    with_factor = np.sum(np.exp(-R**2) * np.abs(mine.polar_area_element(R, THETA))) * dr * dtheta
    without_factor = np.sum(np.exp(-R**2)) * dr * dtheta
    print(f"with |det J| = r:  I² ≈ {with_factor:.5f}   (π = {np.pi:.5f})")
    print(f"forgetting it:     I² ≈ {without_factor:.5f}   (π^1.5 = {np.pi**1.5:.5f}: a different number)")

# %%
check("polar_jacobian", "determinant")

# %% [markdown]
# ## Part 3 — the same Jacobian, symbolically (`symbolic_polar_jacobian`)
#
# sympy differentiates expressions exactly: `sp.Matrix([x_expr, y_expr]).jacobian([r, theta])` is
# the matrix of the four partial derivatives. Use the symbols
# `r, theta = sp.symbols("r theta", positive=True)` and return the matrix and its simplified
# determinant.

# %%
with skip_if_todo():
    J_symbolic, det_symbolic = mine.symbolic_polar_jacobian()
    display(J_symbolic, det_symbolic)

# %% [markdown]
# With the determinant in hand, sympy does the Gaussian integral of the introduction for us:

# %%
with skip_if_todo():
    _, det_symbolic = mine.symbolic_polar_jacobian()
    r, theta = sp.symbols("r theta", positive=True)
    display(sp.Eq(sp.Symbol("I") ** 2,
                  sp.integrate(sp.exp(-r**2) * det_symbolic, (r, 0, sp.oo), (theta, 0, 2 * sp.pi))))

# %%
check("polar_jacobian", "symbolic")

# %% [markdown]
# ## Part 4 — spherical coordinates (`spherical_jacobian`, `spherical_volume_element`)
#
# In three dimensions, a point at distance $r$ from the origin, at angle $\varphi$ from the $+z$ axis
# and angle $\theta$ around it, is
#
# $$(x, y, z) = (r\sin\varphi\cos\theta,\ r\sin\varphi\sin\theta,\ r\cos\varphi).$$
#
# Its Jacobian is $3 \times 3$ (rows $x, y, z$; columns $r, \varphi, \theta$), and its determinant
# is the volume element:
#
# $$dx\,dy\,dz = |\det J|\;dr\,d\varphi\,d\theta = r^2 \sin\varphi\;dr\,d\varphi\,d\theta.$$
#
# The sphere below is coloured by your volume element at $r = 1$: the cells $\Delta\varphi \times
# \Delta\theta$ shrink to nothing at the poles, where $\sin\varphi = 0$.

# %%
with skip_if_todo():
    phi, theta = np.meshgrid(np.linspace(0, np.pi, 25), np.linspace(0, 2 * np.pi, 49), indexing="ij")
    element = mine.spherical_volume_element(np.ones_like(phi), phi, theta)
    xyz = mine.spherical_to_cartesian(np.ones_like(phi), phi, theta)

    fig = plt.figure(figsize=(5.5, 5.5))
    ax = fig.add_subplot(projection="3d")
    ax.plot_surface(xyz[..., 0], xyz[..., 1], xyz[..., 2], facecolors=plt.cm.magma(element / element.max()),
                    edgecolor="0.3", linewidth=0.2, shade=False)
    ax.set(title="det J at r = 1: dark at the poles, bright at the equator", box_aspect=(1, 1, 1))
    ax.set_axis_off()
    plt.show()

# %% [markdown]
# And the volume of a ball of radius 2, $\tfrac43 \pi \cdot 2^3$, by adding up $|\det J|$ over small
# boxes $\Delta r\,\Delta\varphi\,\Delta\theta$:

# %%
with skip_if_todo():
    n = 80
    r, phi, theta = np.meshgrid((np.arange(n) + 0.5) * 2.0 / n, (np.arange(n) + 0.5) * np.pi / n,
                                (np.arange(n) + 0.5) * 2 * np.pi / n, indexing="ij")
    volume = np.sum(np.abs(mine.spherical_volume_element(r, phi, theta))) * (2.0 / n) * (np.pi / n) * (2 * np.pi / n)
    print(f"volume ≈ {volume:.6f}     4/3 π 2³ = {4 / 3 * np.pi * 8:.6f}")

# %%
check("polar_jacobian", "spherical")

# %% [markdown]
# ## All the checks of this exercise
#
# The same verdict as `jackit check polar_jacobian` in a terminal. When it says *done*, move on to
# `linear_map_jacobian.ipynb`.

# %%
check("polar_jacobian")
