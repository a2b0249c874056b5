"""Name the misconception behind a wrong answer, in the trusted grader.

autograder/misconceptions/<exercise>.py catalogues wrong implementations: each a function
`(reference, *arguments of the student function) -> what the mistaken code returns`, marked with
`@misconception("<student function>", "<message for the student>")`. When a hidden test fails, the
grader replays the catalogue on the very arguments the test sent to the student's function and
compares with what the student's function returned: a match names the mistake. Nothing here runs
in, or trusts, the student's worker: the values compared are the plain arrays that came back.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from jackit.course import Course

MATCH_RTOL = 1e-6
"""How close a student's value must be to a mistaken implementation's to be diagnosed as it."""


def misconception(function: str, message: str) -> Callable:
    """Mark `fn(reference, *args, **kwargs)` as the output of a known mistake in `function`."""
    def mark(fn: Callable) -> Callable:
        fn.__jackit_misconception__ = (function, message)
        return fn
    return mark


@dataclass(frozen=True)
class Misconception:
    id: str
    exercise: str
    function: str
    message: str
    compute: Callable


@dataclass(frozen=True)
class Call:
    """One call the hidden test made into the student's module, with what came back."""

    function: str
    args: tuple
    kwargs: dict
    value: Any


def catalogue_path(course: Course, exercise: str) -> Path:
    return course.root / "autograder" / "misconceptions" / f"{exercise}.py"


def collect_misconceptions(course: Course) -> dict[str, tuple[Misconception, ...]]:
    from jackit.grading.hidden import import_path

    found = {}
    for exercise in course.exercises:
        path = catalogue_path(course, exercise.name)
        if not path.is_file():
            found[exercise.name] = ()
            continue
        module = import_path(path, f"jackit_misconceptions.{exercise.name}")
        found[exercise.name] = tuple(
            Misconception(name, exercise.name, fn.__jackit_misconception__[0], fn.__jackit_misconception__[1], fn)
            for name, fn in vars(module).items()
            if inspect.isfunction(fn) and hasattr(fn, "__jackit_misconception__"))
    return found


def same_value(a: Any, b: Any) -> bool:
    """Do two plain values agree (same structure and shapes, arrays norm-wise within MATCH_RTOL)?"""
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return (isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and len(a) == len(b)
                and all(same_value(x, y) for x, y in zip(a, b)))
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys()
                and all(same_value(a[k], b[k]) for k in a))
    if _is_symbolic(a) or _is_symbolic(b):
        from jackit.symbolic import equivalent
        try:
            return _is_symbolic(a) and _is_symbolic(b) and equivalent(a, b)
        except Exception:
            return False
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    if x.shape != y.shape:
        return False
    finite = np.isfinite(x)
    if not np.array_equal(finite, np.isfinite(y)) or not np.array_equal(x[~finite], y[~finite], equal_nan=True):
        return False  # an overflow mistake is recognised by where its nan and inf entries fall
    x, y = x[finite], y[finite]
    with np.errstate(over="ignore", invalid="ignore"):  # diverged iterates are compared, not reported
        scale = max(np.linalg.norm(x), np.linalg.norm(y))
        return bool(np.linalg.norm(x - y) <= MATCH_RTOL * scale + 1e-300)


def _is_symbolic(value: Any) -> bool:
    return type(value).__module__.startswith("sympy")


@dataclass(frozen=True)
class WrongCall:
    """A call whose returned value differs from the reference's on the same arguments."""

    call: Call
    expected: Any


def wrong_calls(calls: list[Call], reference) -> list[WrongCall]:
    """The logged calls the student answered differently from the reference (in call order)."""
    wrong = []
    for call in calls:
        try:
            right = getattr(reference, call.function)(*call.args, **call.kwargs)
        except Exception:
            continue
        if not same_value(call.value, right):
            wrong.append(WrongCall(call, right))
    return wrong


def diagnose(wrong: list[WrongCall], catalogue: tuple[Misconception, ...], reference) -> list[Misconception]:
    """The catalogued mistakes that reproduce a wrong value the student's code returned."""
    found: list[Misconception] = []
    for item in wrong:
        call = item.call
        for m in catalogue:
            if m.function != call.function or m in found:
                continue
            try:
                mistaken = m.compute(reference, *call.args, **call.kwargs)
            except Exception:
                continue
            if not same_value(mistaken, item.expected) and same_value(call.value, mistaken):
                found.append(m)
    return found
