"""Does the memory bill of the exercise vjp_vs_jacobian hold for real arrays?

The grader cannot trust a memory figure reported by student code, so the measurement lives here:
tracemalloc (which sees numpy's array buffers) records the peak of each route of the REFERENCE
solution, and the peaks are compared with its `memory_ratio` formula.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from jackit.grading.hidden import import_path

SHAPES = [(32, 20, 12), (64, 20, 12), (128, 20, 12), (64, 7, 5)]
"""(N, D_in, D_out): the Jacobian route's peak is J and dX, plus the N blocks (1/N of J) while it is built."""


@pytest.fixture(scope="module")
def reference(course):
    return import_path(course.exercise("vjp_vs_jacobian").solution, "jackit_reference_memory.vjp_vs_jacobian")


def peak_bytes(run) -> int:
    """The largest amount of memory allocated at once while run() runs (its inputs already exist)."""
    tracing_already = tracemalloc.is_tracing()  # e.g. python -X tracemalloc: measure inside, leave it on
    if not tracing_already:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        run()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        if not tracing_already:
            tracemalloc.stop()


def measured_peaks(reference, n, d_in, d_out) -> tuple[int, int]:
    rng = np.random.default_rng(n * 1000 + d_in)
    X, W = rng.standard_normal((n, d_in)), rng.standard_normal((d_out, d_in)) / np.sqrt(d_in)
    b, d_out_ = rng.standard_normal(d_out), rng.standard_normal((n, d_out))
    through = peak_bytes(lambda: reference.vjp_through_jacobian(reference.explicit_jacobian(X, W, b), d_out_))
    direct = peak_bytes(lambda: reference.vjp_direct(X, W, b, d_out_))
    return through, direct


def test_measured_peaks_match_the_formula(reference, capsys):
    """Is each route's measured peak within a small factor of memory_ratio's bill, and the ratio too?"""
    lines = [f"{'N, D_in, D_out':>16s} {'through J':>12s} {'formula':>12s} {'direct':>8s} {'formula':>8s} "
             f"{'ratio':>8s} {'formula':>8s}"]
    for shape in SHAPES:
        through, direct = measured_peaks(reference, *shape)
        jacobian_bytes, direct_bytes, ratio = reference.memory_ratio(*shape)
        lines.append(f"{str(shape):>16s} {through:12,d} {jacobian_bytes:12,d} {direct:8,d} {direct_bytes:8,d} "
                     f"{through / direct:8.1f} {ratio:8.1f}")
        assert jacobian_bytes <= through <= 1.1 * jacobian_bytes, (shape, through, jacobian_bytes)
        # The direct route also holds Y and a temporary or two of its shape: a small constant factor.
        assert 0.9 * direct_bytes <= direct <= 3 * direct_bytes, (shape, direct, direct_bytes)
        assert ratio / 3 <= through / direct <= 1.2 * ratio, (shape, through / direct, ratio)
    with capsys.disabled():
        print("\npeak bytes measured with tracemalloc on the reference, against memory_ratio:\n" + "\n".join(lines))


def test_measured_ratio_grows_linearly_with_the_batch(reference):
    """Doubling N doubles the measured ratio (the Jacobian route is quadratic in N, the direct one linear)?"""
    ratios = []
    for n in (32, 64, 128):
        through, direct = measured_peaks(reference, n, 20, 12)
        ratios.append(through / direct)
    for smaller, larger in zip(ratios, ratios[1:]):
        assert 1.7 <= larger / smaller <= 2.3, ratios
