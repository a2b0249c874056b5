"""Which picture shows a wrong answer best, decided from a wrong call (no matplotlib here).

A failed hidden test keeps, in memory, the calls the student answered differently from the
reference (`WrongCall`: the call, the student's value, the reference's value on the same
arguments). From the values' shapes and the call's arguments we choose:

- a trajectory over the contours of the objective: an array (k, 2) from a call that received a
  `jackit.problems.Callback` of a problem with a scalar `value` (descent, Newton);
- iterates against the step: the same with (k, n), n ≠ 2 (the path cannot be drawn in the plane);
- two curves: a 1-D array (loss curves, error sequences, long vectors), on a log scale when
  positive and spanning decades; short vectors from calls without a callback are bars instead;
- two heat maps: a 2-D array, or the first differing item of a batch of them (Jacobians).

Scalars, shapes that disagree, symbolic values and anything else get no picture: the message says
it better. Nothing here is drawn until `Picture.draw()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np

from jackit.grading.misconceptions import WrongCall, same_value
from jackit.problems import Callback, catalogue

HEATMAP_SIDE = 12   # largest number of rows or columns shown in a heat map
ITERATE_CURVES = 3  # coordinates drawn against the step when the path is not planar
BAR_ENTRIES = 16    # vectors up to this length (from calls without a callback) are drawn as bars, longer as curves


@dataclass(frozen=True, eq=False)
class Picture:
    kind: str
    """heatmap | trajectory | iterates | curves | bars"""
    caption: str
    expected: np.ndarray
    got: np.ndarray
    differ: np.ndarray | None = None
    problem: Any = None
    log: bool = False
    difference: bool = False
    """Curves of yours − expected, for a mistake too small to see next to the values."""
    xlabel: str = ""
    corner: tuple[int, int] = (0, 0)
    """Row and column, in the whole array, of a heat map's top-left cell."""

    def draw(self):
        """The picture as a jackit.render.plots.Image (imports matplotlib on first use)."""
        from jackit.render import plots

        alt = self.caption
        if self.kind == "heatmap":
            return plots.heatmaps(self.expected, self.got, self.differ, corner=self.corner, alt=alt)
        if self.kind == "trajectory":
            minimizer = getattr(self.problem, "minimizer", None)
            return plots.trajectories(self.problem.value, self.expected, self.got,
                                      minimizer=minimizer() if callable(minimizer) else None, alt=alt)
        if self.kind == "iterates":
            labels = tuple(f"x[{i}]" for i in range(self.expected.shape[1]))
            return plots.curves(self.expected, self.got, xlabel="step k", labels=labels, difference=self.difference,
                                alt=alt)
        if self.kind == "bars":
            return plots.bars(self.expected, self.got, alt=alt)
        return plots.curves(self.expected, self.got, xlabel=self.xlabel, log=self.log, difference=self.difference,
                            alt=alt)


def picture_for(wrong: WrongCall) -> Picture | None:
    """The picture of the first returned value (or tuple item) that differs and can be drawn."""
    call = wrong.call
    problem = _objective(call)
    for where, got, expected in _components(call.value, wrong.expected):
        if same_value(got, expected):
            continue
        picture = _compare(f"{describe_call(call)}{where}", got, expected, problem)
        if picture is not None:
            return picture
    return None


def describe_call(call) -> str:
    """polar_jacobian(array (3, 5), array (3, 5)): what was asked, without the hidden inputs' values."""
    def one(value: Any) -> str:
        if isinstance(value, Callback):
            return f"{value.problem}.{value.method}"
        if isinstance(value, np.ndarray):
            return f"array {tuple(value.shape)}" if value.ndim else f"{float(value):.4g}"
        if isinstance(value, bool) or value is None:
            return repr(value)
        if isinstance(value, (float, np.floating)):
            return f"{float(value):.4g}"
        if isinstance(value, (int, np.integer)):
            return str(int(value))
        if isinstance(value, (tuple, list)):
            return "(" + ", ".join(one(v) for v in value) + ")"
        return type(value).__name__

    arguments = [one(a) for a in call.args] + [f"{k}={one(v)}" for k, v in call.kwargs.items()]
    return f"{call.function}({', '.join(arguments)})"


def _components(got: Any, expected: Any, where: str = "") -> Iterator[tuple[str, Any, Any]]:
    """(index, submitted, expected) for the value, descending into tuples the student got the length of right."""
    if isinstance(expected, (tuple, list)):
        if isinstance(got, (tuple, list)) and len(got) == len(expected):
            for i, (g, e) in enumerate(zip(got, expected)):
                yield from _components(g, e, f"{where}[{i}]" if where else f", returned item [{i}]")
        return
    yield where, got, expected


def _objective(call) -> Any:
    """The problem behind the call's first Callback argument, if it has a `value` to draw contours of."""
    for value in (*call.args, *call.kwargs.values()):
        if isinstance(value, Callback):
            try:
                problem = catalogue()[value.problem](**value.params)
            except Exception:  # a catalogue entry that no longer builds: no contours, not a crash
                return None
            return problem if callable(getattr(problem, "value", None)) else None
    return None


def _as_floats(value: Any) -> np.ndarray | None:
    if isinstance(value, (str, bytes, dict)) or type(value).__module__.startswith("sympy"):
        return None
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def _compare(what: str, got: Any, expected: Any, problem: Any) -> Picture | None:
    e, g = _as_floats(expected), _as_floats(got)
    if e is None or g is None or e.shape != g.shape or e.size < 3:
        return None
    if e.ndim == 1:
        return _curves(what, e, g, sequence=problem is not None)
    if e.ndim == 2 and problem is not None and e.shape[0] >= 2 and _scalar_objective(problem, e[0]):
        if e.shape[1] == 2:
            return Picture("trajectory", f"{what}: your path (red, dashed) and the expected one (blue) over the "
                                         "contour lines of the objective", e, g, problem=problem)
        shown = min(e.shape[1], ITERATE_CURVES)
        more = f" (the first {shown} of {e.shape[1]} coordinates)" if shown < e.shape[1] else ""
        e, g = e[:, :shown], g[:, :shown]
        if _too_small_to_see(e, g):
            return Picture("iterates", f"{what}: each coordinate of yours minus the expected iterate, against the "
                                       f"step{more} (the difference is too small to see next to the values)", e, g,
                           difference=True)
        return Picture("iterates", f"{what}: each coordinate of the iterates against the step{more}, expected "
                                   "solid, yours dashed", e, g)
    return _heatmap(what, e, g)


def _scalar_objective(problem: Any, point: np.ndarray) -> bool:
    try:
        return np.ndim(problem.value(point)) == 0
    except Exception:
        return False


def _curves(what: str, e: np.ndarray, g: np.ndarray, *, sequence: bool) -> Picture:
    if not sequence and len(e) <= BAR_ENTRIES:
        return Picture("bars", f"{what}: entry by entry, expected (blue) and yours (red)", e, g)
    xlabel = "k" if sequence else "index"
    if _too_small_to_see(e, g):
        return Picture("curves", f"{what}: yours minus expected (the difference is too small to see next to the "
                                 "values)", e, g, difference=True, xlabel=xlabel)
    both = np.concatenate([e, g])
    finite = both[np.isfinite(both)]
    log = bool(finite.size and finite.min() > 0 and finite.max() / finite.min() >= 100)
    scale = " (log scale)" if log else ""
    return Picture("curves", f"{what}: expected (blue, solid) and yours (red, dashed){scale}", e, g, log=log,
                   xlabel=xlabel)


def _too_small_to_see(e: np.ndarray, g: np.ndarray) -> bool:
    """Would the two curves overlap on a plot of the values (differences under 3 % of their range)?"""
    if not (np.all(np.isfinite(e)) and np.all(np.isfinite(g))):
        return False
    spread = float(np.ptp(e)) or float(np.max(np.abs(e))) or 1.0
    return float(np.max(np.abs(g - e))) < 0.03 * spread


def _differing(e: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Entry by entry: where the submitted value is not the expected one (NaN and ∞ always differ)."""
    finite = np.abs(e[np.isfinite(e)])
    scale = float(finite.max()) if finite.size else 1.0
    with np.errstate(invalid="ignore", over="ignore"):
        return ~np.isclose(g, e, rtol=1e-6, atol=1e-9 * scale) | ~np.isfinite(g)


def _heatmap(what: str, e: np.ndarray, g: np.ndarray) -> Picture | None:
    differ = _differing(e, g)
    if not differ.any():
        return None
    where, r0, c0 = "", 0, 0
    if e.ndim > 2:
        batch = e.shape[:-2]
        flat = differ.reshape(-1, *e.shape[-2:])
        item = int(np.argmax(flat.reshape(len(flat), -1).any(axis=1)))  # the first item that differs
        index = np.unravel_index(item, batch)
        where = f", batch item {tuple(int(i) for i in index)} of {tuple(batch)}"
        e, g, differ = (a.reshape(-1, *a.shape[-2:])[item] for a in (e, g, differ))
    rows, cols = e.shape
    if rows > HEATMAP_SIDE or cols > HEATMAP_SIDE:
        first_row, first_col = (int(i[0]) for i in np.nonzero(differ))  # the first differing entry, row-major
        r0 = min(first_row // HEATMAP_SIDE * HEATMAP_SIDE, max(rows - HEATMAP_SIDE, 0))
        c0 = min(first_col // HEATMAP_SIDE * HEATMAP_SIDE, max(cols - HEATMAP_SIDE, 0))
        window = (slice(r0, r0 + HEATMAP_SIDE), slice(c0, c0 + HEATMAP_SIDE))
        e, g, differ = e[window], g[window], differ[window]
        where += (f", rows {r0}–{r0 + e.shape[0] - 1} and columns {c0}–{c0 + e.shape[1] - 1} "
                  f"of {rows} × {cols}")
    return Picture("heatmap", f"{what}{where}: expected (left) and yours (right); entries that differ are "
                              "outlined in red", e, g, differ=differ, corner=(r0, c0))
