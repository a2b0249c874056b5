"""`jackit watch`: re-run the current exercise's public checks every time its file is saved.

Rustlings-style: without a name, the current exercise is the first one that is not done, and when
it is done the watch moves on to the next. The file is polled (its modification time and size),
so no file-system notification library is needed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from jackit.course import Course
from jackit.progress import ExerciseProgress, check_progress
from jackit.verdict import verdict_text

UNCHECKED = object()
"""The stamp before the first check: differs from every file stamp, even None (a missing file)."""


def file_stamp(path: Path) -> tuple[int, int] | None:
    """What changes when a file is saved: its modification time and size (None while it is missing)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def first_unfinished(progress: list[ExerciseProgress]) -> str | None:
    return next((item.name for item in progress if item.status != "done"), None)


def watch(*, course: Course, name: str | None = None, interval: float = 0.5,
          emit: Callable[[str], None] = print, should_stop: Callable[[], bool] = lambda: False) -> None:
    """Check exercise `name` (default: the first unfinished one) now and after every save of its file.

    Each verdict goes to `emit`. Returns when `should_stop()` is true, or, without a `name`, when
    every exercise is done; Ctrl-C (KeyboardInterrupt) is left to the caller.
    """
    if name is None:
        emit("Running every exercise's checks to find the first one that is not done…")
    current = name or first_unfinished(check_progress(course=course))
    seen: object = UNCHECKED
    while current is not None and not should_stop():
        path = course.exercise(current).stub
        stamp = file_stamp(path)
        if stamp == seen:
            time.sleep(interval)
            continue
        if seen is UNCHECKED:
            emit(f"Watching {path.relative_to(course.root)}: save it to run its checks again (Ctrl-C to stop).")
        seen = stamp
        progress = check_progress(course=course, names=[current])[0]
        emit(verdict_text(progress))
        if progress.status == "done" and name is None:  # on to the next exercise, as rustlings does
            current, seen = first_unfinished(check_progress(course=course)), UNCHECKED
    if current is None:
        emit("Every exercise passes its self-checks.")
