"""Small matplotlib pictures as PNG data URIs: what the feedback page and the class report embed.

matplotlib is optional (the `test` dependency group and the `notebook` extra install it) and slow to
import, so it is imported on the first picture, never at module import; `available()` says whether
pictures can be drawn at all. Figures are built with `matplotlib.figure.Figure` and the Agg canvas,
never pyplot: no global state, no GUI backend, nothing to close. The functions here only draw the
arrays they are given; choosing what to show is the callers' business.
"""

from __future__ import annotations

import base64
import functools
import io
from dataclasses import dataclass

import numpy as np

DPI = 80
EXPECTED_COLOUR = "#0969da"   # the reference: solid blue
SUBMITTED_COLOUR = "#d1242f"  # the student's: dashed red
DIFFER_COLOUR = "#d1242f"
ANNOTATE_UP_TO = 9            # entries per heat map above which values are not written in the cells (text is slow)


@dataclass(frozen=True)
class Image:
    data_uri: str
    width: int
    height: int
    alt: str


@functools.cache
def available() -> bool:
    """Can pictures be drawn here (is matplotlib installed)?"""
    try:
        import matplotlib.backends.backend_agg  # noqa: F401
        import matplotlib.figure  # noqa: F401
    except ImportError:
        return False
    return True


def _figure(width: float, height: float, *, left: float = 0.55, right: float = 0.15, bottom: float = 0.45,
            top: float = 0.3):
    """A figure of width × height inches with one axes; margins in inches.

    No layout engine: constrained layout draws every figure twice, and measured on this kit's
    pictures it doubles their cost.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((left / width, bottom / height, 1 - (left + right) / width, 1 - (bottom + top) / height))
    # Few ticks: each one costs a line, a marker and a text, and ticks are most of a small plot's time.
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    return fig, ax


def _image(fig, alt: str) -> Image:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    width, height = (round(v * DPI) for v in fig.get_size_inches())
    return Image("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), width, height, alt)


def _finite(*arrays: np.ndarray) -> np.ndarray:
    values = np.concatenate([np.asarray(a, dtype=float).ravel() for a in arrays])
    return values[np.isfinite(values)]


# --- comparing a submitted value with the expected one -------------------------------------------


def heatmaps(expected: np.ndarray, got: np.ndarray, differ: np.ndarray, *, corner: tuple[int, int] = (0, 0),
             alt: str) -> Image:
    """Expected (left) and submitted (right) 2-D arrays on one colour scale, differing cells outlined in red.

    Both are drawn as one image with an empty column between them: one axes costs half of two.
    `corner` is the (row, column) of the top-left cell in the whole array, for the tick labels.
    """
    rows, cols = expected.shape
    side_by_side = np.concatenate([expected, np.full((rows, 1), np.nan), got], axis=1).astype(float)
    annotate = rows * cols <= ANNOTATE_UP_TO
    cell = 0.55 if annotate else 0.2
    fig, ax = _figure(min(max(0.7 + cell * (2 * cols + 1), 3.0), 6.5), min(max(0.95 + cell * rows, 1.8), 3.4),
                      left=0.45, right=0.1, bottom=0.25, top=0.3)
    values = _finite(expected, got)
    bound = float(np.max(np.abs(values))) if values.size else 0.0
    bound = bound or 1.0
    negative = bool(values.size and values.min() < 0)
    ax.imshow(np.ma.masked_invalid(side_by_side), cmap=_colormap("RdBu_r" if negative else "Blues"),
              vmin=-bound if negative else 0.0, vmax=bound, interpolation="nearest", aspect="auto")
    for side, (title, colour) in enumerate((("expected", EXPECTED_COLOUR), ("yours", SUBMITTED_COLOUR))):
        ax.text(side * (cols + 1) + (cols - 1) / 2, -0.6, title, ha="center", va="bottom", fontsize=9, color=colour)
    shown = _tick_positions(cols)
    ax.set_xticks(shown + [cols + 1 + j for j in shown], [str(corner[1] + j) for j in shown] * 2)
    ax.set_yticks(_tick_positions(rows), [str(corner[0] + i) for i in _tick_positions(rows)])
    ax.tick_params(labelsize=7, length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if annotate:
        for (i, j), v in np.ndenumerate(side_by_side):
            if j != cols:
                strong = np.isfinite(v) and abs(v) > 0.6 * bound
                ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=8, color="white" if strong else "black")
    _outline_gap_and_differences(ax, rows, cols, differ)
    return _image(fig, alt)


def _outline_gap_and_differences(ax, rows: int, cols: int, differ: np.ndarray) -> None:
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((cols - 0.5, -0.5), 1, rows, color="white"))  # the gap, not a missing value
    rows_differ, cols_differ = np.nonzero(differ)
    if rows_differ.size:  # one collection of squares: one patch per cell costs a millisecond each
        corners = np.array([(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)])
        centres = np.stack([cols + 1 + cols_differ, rows_differ], axis=-1)[:, None, :]
        ax.add_collection(PolyCollection(centres + corners, facecolors="none", edgecolors=DIFFER_COLOUR,
                                         linewidths=2))


def _tick_positions(n: int) -> list[int]:
    return list(range(n)) if n <= 8 else [0, n // 2, n - 1]


@functools.cache
def _colormap(name: str):
    """A copy of a colormap that paints NaN and ∞ (masked cells) grey."""
    import matplotlib

    return matplotlib.colormaps[name].with_extremes(bad="#d0d7de")


def curves(expected: np.ndarray, got: np.ndarray, *, xlabel: str, log: bool = False, difference: bool = False,
           labels: tuple[str, ...] = (), alt: str) -> Image:
    """Expected (solid) and submitted (dashed) curves on one plot; columns of 2-D inputs are separate curves.

    With `difference`, the submitted minus the expected values instead (for mistakes too small to see
    next to the values themselves). Non-finite submitted entries are marked with a red × on the axis.
    """
    expected = np.asarray(expected, dtype=float).reshape(len(expected), -1)
    got = np.asarray(got, dtype=float).reshape(len(got), -1)
    columns = expected.shape[1]
    bad = np.nonzero(~np.all(np.isfinite(got), axis=1))[0]
    entries = columns * (1 if difference else 2) + bool(bad.size)
    fig, ax = _figure(4.6, 2.9, left=0.75, bottom=0.45, top=_legend_height(entries))
    marker = len(expected) <= 60
    palette = ("#0969da", "#8250df", "#1a7f37")
    steps = np.arange(len(expected))
    for c in range(columns):
        colour = palette[c % len(palette)] if columns > 1 else EXPECTED_COLOUR
        name = labels[c] if c < len(labels) else ""
        if difference:
            ax.plot(steps, got[:, c] - expected[:, c], "--", color=colour if columns > 1 else SUBMITTED_COLOUR,
                    linewidth=1.6, marker="x" if marker else None, markersize=4, label=name or "yours − expected")
            continue
        ax.plot(steps, expected[:, c], "-", color=colour, linewidth=1.8, marker="o" if marker else None,
                markersize=3, label=f"expected {name}".strip())
        ax.plot(steps, got[:, c], "--", color=SUBMITTED_COLOUR if columns == 1 else colour,
                linewidth=1.6, marker="x" if marker else None, markersize=4, label=f"yours {name}".strip())
    if difference:
        ax.axhline(0, color="#57606a", linewidth=0.8)
        ax.set_ylabel("yours − expected", fontsize=9)
    if bad.size:
        ax.plot(bad, np.full(bad.shape, 0.02), "x", color=DIFFER_COLOUR, markersize=7, clip_on=False,
                transform=ax.get_xaxis_transform(), label="yours: NaN or ∞")
    if log and not difference:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(numticks=6))
        ax.yaxis.set_minor_locator(NullLocator())  # minor ticks on a log axis cost more than the rest of the plot
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0e}"))  # no mathtext: 1e-03, fast
    if not difference:
        _limit_to_expected(ax, expected, got, log)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", alpha=0.3)
    _legend_above(ax, entries)
    return _image(fig, alt)


def _legend_height(entries: int) -> float:
    """Inches above the axes for a legend of `entries` items in rows of three."""
    return 0.12 + 0.17 * -(-entries // 3)


def _legend_above(ax, entries: int) -> None:
    """The legend above the axes: it never hides a curve, and placing it costs nothing."""
    ax.legend(fontsize=7, ncols=min(entries, 3), loc="lower left", bbox_to_anchor=(0.0, 1.0), frameon=False,
              borderaxespad=0.2, handlelength=2.2)


def bars(expected: np.ndarray, got: np.ndarray, *, alt: str) -> Image:
    """A short vector, entry by entry: expected and submitted bars side by side (NaN and ∞ marked ×)."""
    expected, got = np.asarray(expected, dtype=float), np.asarray(got, dtype=float)
    n = len(expected)
    bad = np.nonzero(~np.isfinite(got))[0]
    entries = 2 + bool(bad.size)
    fig, ax = _figure(min(max(2.2 + 0.3 * n, 3.4), 6.0), 2.6, left=0.7, bottom=0.45, top=_legend_height(entries))
    index = np.arange(n)
    ax.bar(index - 0.2, expected, width=0.4, color=EXPECTED_COLOUR, label="expected")
    ax.bar(index + 0.2, np.where(np.isfinite(got), got, 0.0), width=0.4, color=SUBMITTED_COLOUR, label="yours")
    if bad.size:
        ax.plot(bad + 0.2, np.zeros(bad.shape), "x", color="black", markersize=7, label="yours: NaN or ∞")
    ax.axhline(0, color="#57606a", linewidth=0.8)
    ax.set_xticks(index)
    ax.set_xlabel("entry", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", alpha=0.3)
    _legend_above(ax, entries)
    return _image(fig, alt)


def _limit_to_expected(ax, expected: np.ndarray, got: np.ndarray, log: bool) -> None:
    """Keep the expected curve readable when the submitted one runs away (divergence, overflow)."""
    reference = _finite(expected)
    mine = _finite(got)
    if not reference.size or not mine.size:
        return
    low, high = reference.min(), reference.max()
    if log:
        low, high = max(low, 1e-300), max(high, 1e-300)
        span = high / low if low > 0 else 10.0
        if mine.max() > high * span * 1e3 or mine.min() < low / (span * 1e3):
            ax.set_ylim(low / span ** 0.5 / 10, high * span ** 0.5 * 10)
        return
    span = (high - low) or max(abs(high), 1.0)
    if mine.max() > high + 10 * span or mine.min() < low - 10 * span:
        ax.set_ylim(low - 3 * span, high + 3 * span)


def trajectories(objective, expected: np.ndarray, got: np.ndarray, *, minimizer=None, alt: str) -> Image:
    """Two 2-D paths over the contours of `objective(point) -> float`; the view follows the expected path."""
    fig, ax = _figure(4.2, 3.4, left=0.5, bottom=0.35, top=_legend_height(4))
    expected = np.asarray(expected, dtype=float)
    got = np.asarray(got, dtype=float)
    low, high = _view(expected, got, minimizer)
    xs, ys = np.linspace(low[0], high[0], 40), np.linspace(low[1], high[1], 40)
    grid = np.array([[_value(objective, (x, y)) for x in xs] for y in ys])
    finite = grid[np.isfinite(grid)]
    if finite.size and finite.max() > finite.min():
        # Contours of log(f − min f): evenly spaced from the bottom of a valley to the rim of the view.
        with np.errstate(over="ignore", invalid="ignore"):
            heights = np.ma.masked_invalid(np.log10(grid - finite.min() + 1e-6 * (finite.max() - finite.min())))
        ax.contour(xs, ys, heights, levels=14, colors="#8c959f", linewidths=0.7, linestyles="solid")
    ax.plot(expected[:, 0], expected[:, 1], "-o", color=EXPECTED_COLOUR, markersize=2.5, linewidth=1.6,
            label="expected")
    ax.plot(got[:, 0], got[:, 1], "--x", color=SUBMITTED_COLOUR, markersize=3.5, linewidth=1.4, label="yours")
    ax.plot(*expected[0], "s", color="black", markersize=5, label="start x₀")
    if minimizer is not None:
        ax.plot(*np.asarray(minimizer, dtype=float), "*", color="#1a7f37", markersize=10, label="minimiser")
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.tick_params(labelsize=8)
    _legend_above(ax, 4 if minimizer is not None else 3)
    return _image(fig, alt)


def _value(objective, point) -> float:
    try:
        return float(objective(np.asarray(point, dtype=float)))
    except (ArithmeticError, ValueError, TypeError):
        return float("nan")


def _view(expected: np.ndarray, got: np.ndarray, minimizer) -> tuple[np.ndarray, np.ndarray]:
    """A box around the expected path (and the minimiser), widened for the submitted one up to 3 times."""
    anchor = [expected] + ([np.asarray(minimizer, dtype=float)[None, :]] if minimizer is not None else [])
    points = np.concatenate(anchor)
    points = points[np.all(np.isfinite(points), axis=1)]
    low, high = points.min(axis=0), points.max(axis=0)
    size = np.maximum(high - low, 0.1 * np.maximum(np.abs(high), 1.0))
    low, high = low - 0.15 * size, high + 0.15 * size
    mine = got[np.all(np.isfinite(got), axis=1)] if got.ndim == 2 else np.empty((0, 2))
    if mine.size:
        low = np.maximum(np.minimum(low, mine.min(axis=0)), low - 3 * size)
        high = np.minimum(np.maximum(high, mine.max(axis=0)), high + 3 * size)
    return low, high


# --- the class report --------------------------------------------------------------------------


def histogram(values: list[float], maximum: float, *, alt: str) -> Image:
    """How many submissions scored in each tenth of the maximum."""
    fig, ax = _figure(5.5, 2.6, bottom=0.45, top=0.12)
    top = maximum or 1.0
    ax.hist(np.clip(values, 0, top), bins=np.linspace(0, top, 11), color=EXPECTED_COLOUR, edgecolor="white")
    ax.set_xlabel("total score", fontsize=9)
    ax.set_ylabel("submissions", fontsize=9)
    ax.set_xlim(0, top)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(labelsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _image(fig, alt)


def pass_rates(labels: list[str], rates: list[float], *, alt: str) -> Image:
    """One horizontal bar per part: the fraction of submissions that passed it (first part on top)."""
    fig, ax = _figure(7.0, 0.65 + 0.24 * len(labels), left=2.9, bottom=0.45, top=0.1)
    positions = np.arange(len(labels))[::-1]
    colours = [("#1a7f37" if r >= 0.8 else "#9a6700" if r >= 0.5 else "#c62828") for r in rates]
    ax.barh(positions, [100 * r for r in rates], color=colours, height=0.7)
    ax.set_yticks(positions, labels, fontsize=8)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of submissions that passed", fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", alpha=0.3)
    return _image(fig, alt)
