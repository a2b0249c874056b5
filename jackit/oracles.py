"""Finite-difference oracles: numerical Jacobians, JVPs, VJPs and gradients, and how to compare them.

Shape convention (stated once, used everywhere in jackit): for a function `f` mapping an array
`x` of shape `S_in` to an array of shape `S_out`, its Jacobian has shape `S_out + S_in` and

    jac[i..., j...] = ∂f[i...] / ∂x[j...]

Rows are outputs, columns are inputs. A scalar input or output contributes no axes: the Jacobian
of a scalar loss is its gradient, of shape `S_in`; the derivative of a scalar function of a
scalar is a 0-d array.

Every oracle takes a trusted `f` (the reference forward function, never student code) that maps a
float64 array (any shape, 0-d included) to an array or a Python float. The oracle hands `f` a
fresh copy of its input on every call, so an `f` that writes into its argument cannot corrupt
the next evaluation.

Step size. Central differences with the step h_j = eps^(1/3) · max(1, |x_j|) balance the
truncation error, O(h²), against the rounding error, O(eps / h), for a function that varies on
the scale max(1, |x_j|) in x_j. Each difference is divided by the step actually represented,
`(x_j + h_j) − (x_j − h_j)` computed in floating point, not by `2 h_j`. A function that varies on
a much shorter scale (sin(1000 x), x³ near 0 with no lower-order term) breaks that assumption:
its truncation error is larger; `step_scale` multiplies every step and is what the checks' gray-zone
retry uses. Measured on the course's functions, correct derivatives differ from these oracles by
a norm-wise relative error below 5e-8; plausible bugs by more than 3e-2.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable, Iterator

import numpy as np

__all__ = [
    "BASE_STEP",
    "EPS",
    "TINY",
    "frobenius_norm",
    "numerical_grad",
    "numerical_jacobian",
    "numerical_jvp",
    "numerical_vjp",
    "projection_error",
    "relative_error",
    "scaled_random_direction",
    "step_sizes",
    "taylor_remainder_order",
]

EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)
BASE_STEP = EPS ** (1.0 / 3.0)
"""The relative central-difference step eps^(1/3) ≈ 6.06e-6."""

ArrayFunction = Callable[[np.ndarray], "np.ndarray | float"]


# --------------------------------------------------------------------------------------------
# Norms and errors


def frobenius_norm(a) -> float:
    """||a||_F of an array of any shape, without overflow or underflow for huge or tiny entries."""
    flat = np.asarray(a, dtype=np.float64).ravel()
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        plain = math.sqrt(float(np.dot(flat, flat)))
    if 1e-150 < plain < 1e150:  # the squares neither overflowed nor underflowed: the fast answer is exact enough
        return plain
    a = np.abs(flat)
    largest = float(a.max(initial=0.0))
    if largest == 0.0 or not math.isfinite(largest):
        return largest
    return largest * math.sqrt(float(np.sum(np.square(a / largest))))


def relative_error(a, b) -> float:
    """Norm-wise relative error ||a − b||_F / max(||a||_F, ||b||_F, tiny).

    `a` and `b` must have the same shape (no broadcasting). Symmetric in a and b; 0 when both are
    zero; 1 when exactly one of them is zero; 2 for b = −a.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error needs equal shapes, got {a.shape} and {b.shape}")
    scale = max(frobenius_norm(a), frobenius_norm(b), TINY)
    return frobenius_norm(a - b) / scale


# --------------------------------------------------------------------------------------------
# Finite differences


def step_sizes(x, *, step_scale: float = 1.0) -> np.ndarray:
    """The central-difference steps h_j = step_scale · eps^(1/3) · max(1, |x_j|), shape of x."""
    x = _as_input(x)
    return step_scale * BASE_STEP * np.maximum(1.0, np.abs(x))


def numerical_jacobian(f: ArrayFunction, x, *, step_scale: float = 1.0) -> np.ndarray:
    """The Jacobian of f at x by central differences, shape f(x).shape + x.shape.

    Costs 2·x.size + 1 evaluations of f.
    """
    x = _as_input(x)
    out_shape = _evaluate(f, x).shape
    jac = np.empty((math.prod(out_shape), x.size))
    for j, column in _difference_columns(f, x, out_shape, step_scale):
        jac[:, j] = column.ravel()
    return jac.reshape(out_shape + x.shape)


def numerical_jvp(f: ArrayFunction, x, u, *, step_scale: float = 1.0) -> np.ndarray:
    """The Jacobian-vector product J u (shape f(x).shape), u of the shape of x.

    Equal to `np.tensordot(numerical_jacobian(f, x), u, x.ndim)` without storing the Jacobian;
    for u = e_j it is exactly column j. Costs 2·(number of nonzero u_j) + 1 evaluations of f.
    One central difference along u would cost 3, but where the entries of x have different
    scales its step is set by the worst-scaled coordinate: on random smooth maps its error
    reached 3e-5 where this one stayed below 1e-6. `projection_error` uses it for large problems.
    """
    x = _as_input(x)
    u = _as_input(u)
    if u.shape != x.shape:
        raise ValueError(f"the direction u has shape {u.shape}, x has shape {x.shape}")
    out_shape = _evaluate(f, x).shape
    jvp = np.zeros(out_shape)
    moving = np.flatnonzero(u)
    for j, column in _difference_columns(f, x, out_shape, step_scale, indices=moving):
        jvp += u.flat[j] * column
    return jvp


def numerical_vjp(f: ArrayFunction, x, v, *, step_scale: float = 1.0) -> np.ndarray:
    """The vector-Jacobian product vᵀ J (shape of x), v of shape f(x).shape.

    Equal to `np.tensordot(v, numerical_jacobian(f, x), v.ndim)` without storing the Jacobian.
    Costs 2·x.size + 1 evaluations of f.
    """
    x = _as_input(x)
    v = np.asarray(v, dtype=np.float64)
    out_shape = _evaluate(f, x).shape
    if v.shape != out_shape:
        raise ValueError(f"v has shape {v.shape}, f(x) has shape {out_shape}")
    vjp = np.empty(x.size)
    for j, column in _difference_columns(f, x, out_shape, step_scale):
        vjp[j] = np.vdot(v, column)
    return vjp.reshape(x.shape)


def numerical_grad(loss: ArrayFunction, x, *, step_scale: float = 1.0) -> np.ndarray:
    """The gradient of a scalar loss at x, shape of x. Costs 2·x.size + 2 evaluations of loss."""
    value = _evaluate(loss, _as_input(x))
    if value.shape != ():
        raise ValueError(f"numerical_grad needs a scalar loss, got an output of shape {value.shape}")
    return numerical_vjp(loss, x, np.float64(1.0), step_scale=step_scale)


def _difference_columns(
    f: ArrayFunction,
    x: np.ndarray,
    out_shape: tuple[int, ...],
    step_scale: float,
    indices: Iterable[int] | None = None,
) -> Iterator[tuple[int, np.ndarray]]:
    """Yield (j, ∂f/∂x_j) for every flat input index j (or those given); columns have shape out_shape."""
    h = step_sizes(x, step_scale=step_scale).ravel()
    for j in range(x.size) if indices is None else indices:
        x_plus, x_minus = x.copy(), x.copy()
        x_plus.flat[j] += h[j]
        x_minus.flat[j] -= h[j]
        represented = x_plus.flat[j] - x_minus.flat[j]
        difference = _evaluate(f, x_plus, out_shape) - _evaluate(f, x_minus, out_shape)
        yield j, difference / represented


def _as_input(x) -> np.ndarray:
    """A float64 array copy of a trusted input (0-d for a Python float)."""
    return np.array(x, dtype=np.float64)


def _evaluate(f: ArrayFunction, x: np.ndarray, out_shape: tuple[int, ...] | None = None) -> np.ndarray:
    """f at a private copy of x, as a float64 array; its shape must not vary between evaluations."""
    value = np.asarray(f(x.copy()), dtype=np.float64)
    if out_shape is not None and value.shape != out_shape:
        raise ValueError(f"f returned shape {value.shape} near x but {out_shape} at x")
    return value


# --------------------------------------------------------------------------------------------
# Checks for large problems and for the gray zone


def projection_error(
    f: ArrayFunction,
    x,
    rng: np.random.Generator,
    *,
    jac=None,
    jvp: Callable[[np.ndarray], np.ndarray] | None = None,
    vjp: Callable[[np.ndarray], np.ndarray] | None = None,
    probes: int = 3,
    step_scale: float = 1.0,
) -> float:
    """How far an analytic derivative is from finite differences, seen through random projections.

    Give exactly one analytic derivative: `jac` (array, shape f(x).shape + x.shape), `jvp`
    (u ↦ J u) or `vjp` (v ↦ vᵀ J). For `probes` pairs of Gaussian u (shape of x) and v (shape of
    f(x)) it compares the analytic vᵀ J u with vᵀ (J u) from one central difference along u
    (the largest step that moves no x_j by more than h_j) and returns the worst

        |vᵀ J u (analytic) − vᵀ J u (numeric)| / (||v|| · ||J u (numeric)||).

    Each probe costs 2 evaluations of f whatever the size of x, which is the point for large
    problems; it is less accurate than `numerical_jvp` where the entries of x have very different
    scales. By Cauchy–Schwarz the result is at most the relative error of J u, and for Gaussian
    v it is typically that error divided by √(f(x).size): use it with several probes.
    """
    analytic = _projected_derivative(jac=jac, jvp=jvp, vjp=vjp)
    x = _as_input(x)
    out_shape = _evaluate(f, x).shape
    worst = 0.0
    for _ in range(probes):
        u = rng.standard_normal(x.shape)
        v = rng.standard_normal(out_shape)
        numeric_ju = _directional_difference(f, x, u, out_shape, step_scale)
        numeric = float(np.vdot(v, numeric_ju))
        scale = max(frobenius_norm(v) * frobenius_norm(numeric_ju), TINY)
        worst = max(worst, abs(analytic(u, v) - numeric) / scale)
    return worst


def _directional_difference(
    f: ArrayFunction, x: np.ndarray, u: np.ndarray, out_shape: tuple[int, ...], step_scale: float
) -> np.ndarray:
    """J u by one central difference along u (2 evaluations of f), shape out_shape.

    The step t along u is the largest that moves no x_j by more than its own step h_j; the
    difference is divided by the displacement actually represented, as a multiple of u.
    """
    moving = u != 0.0
    if not moving.any():
        return np.zeros(out_shape)
    h = step_sizes(x, step_scale=step_scale)
    t = float(np.min(h[moving] / np.abs(u[moving])))
    x_plus, x_minus = x + t * u, x - t * u
    represented = float(np.vdot(x_plus - x_minus, u) / np.vdot(u, u))
    return (_evaluate(f, x_plus, out_shape) - _evaluate(f, x_minus, out_shape)) / represented


def _projected_derivative(*, jac, jvp, vjp) -> Callable[[np.ndarray, np.ndarray], float]:
    """(u, v) ↦ vᵀ J u from whichever analytic derivative was given."""
    given = [name for name, value in (("jac", jac), ("jvp", jvp), ("vjp", vjp)) if value is not None]
    if len(given) != 1:
        raise TypeError(f"give exactly one of jac=, jvp=, vjp= (got {given or 'none'})")
    if jac is not None:
        jac = np.asarray(jac, dtype=np.float64)
        return lambda u, v: float(np.vdot(v, np.tensordot(jac, u, axes=u.ndim)))
    if jvp is not None:
        return lambda u, v: float(np.vdot(v, np.asarray(jvp(u), dtype=np.float64)))
    return lambda u, v: float(np.vdot(np.asarray(vjp(v), dtype=np.float64), u))


def taylor_remainder_order(
    f: ArrayFunction,
    x,
    direction,
    jvp_value,
    *,
    t_max: float = 1e-2,
    steps: int = 12,
) -> float:
    """The order p of the Taylor remainder r(t) = ||f(x + t d) − f(x) − t · (J d)|| ~ t^p.

    `direction` d has the shape of x; `jvp_value` is the analytic J d to test (shape of f(x)).
    p ≈ 2 when J d is right (f smooth), ≈ 1 when it is wrong; a higher p (3 for an exactly zero
    derivative of x³ at 0) is also right. Returns `math.inf` when the remainder stays at rounding
    level for every t (f linear along d and J d exact).

    t halves `steps` times from the value that moves some x_j by t_max · max(1, |x_j|); the order
    is the least-squares slope of log r against log t over the four smallest t whose remainder
    is clearly above rounding. A J d whose relative error is below about t_max · 2^-steps ≈ 5e-6
    (for f curved on the scale of x) still looks quadratic: catching it is the job of the
    step-size retries, not of this test.
    """
    x = _as_input(x)
    d = _as_input(direction)
    if d.shape != x.shape:
        raise ValueError(f"the direction has shape {d.shape}, x has shape {x.shape}")
    f0 = _evaluate(f, x)
    jd = np.asarray(jvp_value, dtype=np.float64)
    if jd.shape != f0.shape:
        raise ValueError(f"jvp_value has shape {jd.shape}, f(x) has shape {f0.shape}")
    reach = float(np.max(np.abs(d) / np.maximum(1.0, np.abs(x)), initial=0.0))
    if reach == 0.0:
        raise ValueError("the direction is zero")
    log_t, log_r = [], []
    for k in range(steps):
        t = t_max / reach * 0.5**k
        moved = _evaluate(f, x + t * d, f0.shape)
        remainder = frobenius_norm(moved - f0 - t * jd)
        # Below a thousand roundings of the terms, a remainder says nothing about the order.
        rounding = 1e3 * EPS * (frobenius_norm(moved) + frobenius_norm(f0) + t * frobenius_norm(jd))
        if remainder > rounding:
            log_t.append(math.log(t))
            log_r.append(math.log(remainder))
    if len(log_t) < 2:
        return math.inf
    slope, _ = np.polyfit(log_t[-4:], log_r[-4:], 1)
    return float(slope)


def scaled_random_direction(x) -> np.ndarray:
    """A Gaussian direction with d_j scaled by max(1, |x_j|), seeded from the bytes of x.

    Reproducible (the same x gives the same direction) yet different from one input to the next.
    """
    x = _as_input(x)
    rng = np.random.default_rng(zlib.crc32(x.tobytes()))
    return rng.standard_normal(x.shape) * np.maximum(1.0, np.abs(x))
