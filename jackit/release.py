"""Turn reference solutions into student stubs.

A solution file marks what students must write with regions inside function bodies:

    def polar_jacobian(r, theta):
        \"\"\"The docstring stays: it is the exercise statement.\"\"\"
        ### BEGIN SOLUTION: stack the four partial derivatives
        ...
        ### END SOLUTION

The stub keeps everything outside the regions and replaces each region by

        # TODO: stack the four partial derivatives
        raise NotImplementedError("TODO(polar_jacobian)")

at the region's indentation. Stubs are generated, never edited by hand: `jackit release` writes
them and `stale_stubs` (used by a test and by `jackit dev check`) says which are out of date.
`jackit release` also regenerates the exercise notebooks from their text sources (jackit.notebooks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jackit.course import Course
from jackit.notebooks import expected_notebooks

BEGIN = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION(?::\s*(?P<todo>.*?))?\s*$")
END = re.compile(r"^[ \t]*### END SOLUTION\s*$")
DEFAULT_TODO = "your code here (see the docstring)"


class ReleaseError(ValueError):
    """A solution file whose regions cannot be turned into a stub."""


@dataclass(frozen=True)
class StubChange:
    name: str
    path: Path
    status: str
    """'created', 'updated' or 'unchanged'."""


def make_stub(source: str, *, exercise: str, filename: str = "<solution>") -> str:
    """The stub text for one solution file's text."""
    out: list[str] = []
    region_start: int | None = None
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        begin, end = BEGIN.match(line), END.match(line)
        if begin:
            if region_start is not None:
                raise ReleaseError(f"{filename}:{number}: BEGIN SOLUTION inside the region opened at line "
                                   f"{region_start} (close it with ### END SOLUTION first)")
            indent = begin["indent"]
            if not indent:
                raise ReleaseError(f"{filename}:{number}: a solution region must sit inside a function body "
                                   "(indent it under a def)")
            region_start = number
            out.append(f"{indent}# TODO: {begin['todo'] or DEFAULT_TODO}\n")
            out.append(f'{indent}raise NotImplementedError("TODO({exercise})")\n')
        elif end:
            if region_start is None:
                raise ReleaseError(f"{filename}:{number}: END SOLUTION without a BEGIN SOLUTION above it")
            region_start = None
        elif region_start is None:
            out.append(line)
    if region_start is not None:
        raise ReleaseError(f"{filename}:{region_start}: BEGIN SOLUTION is never closed (add ### END SOLUTION)")
    return "".join(out)


def solution_lines(source: str) -> list[str]:
    """The code lines inside the solution regions (stripped, non-empty, not comments): what a
    student release must never contain."""
    lines, inside = [], False
    for line in source.splitlines():
        if BEGIN.match(line):
            inside = True
        elif END.match(line):
            inside = False
        elif inside and line.strip() and not line.strip().startswith("#"):
            lines.append(line.strip())
    return lines


def expected_stubs(course: Course) -> dict[Path, str]:
    """What exercises/<name>.py should hold for every exercise."""
    return {
        e.stub: make_stub(e.solution.read_text(encoding="utf-8"), exercise=e.name, filename=str(e.solution))
        for e in course.exercises
    }


def stale_stubs(course: Course) -> list[Path]:
    """The stubs that differ from what `release_stubs` would write."""
    return [path for path, text in expected_stubs(course).items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text]


def write_generated(name: str, path: Path, text: str) -> StubChange:
    """Write a generated file when its text changed, and say what happened."""
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return StubChange(name, path, "created" if old is None else "unchanged" if old == text else "updated")


def release_stubs(*, course: Course) -> list[StubChange]:
    """Regenerate every stub in exercises/ from its solution."""
    return [write_generated(exercise.name, path, text)
            for exercise, (path, text) in zip(course.exercises, expected_stubs(course).items())]


def release_course(*, course: Course) -> list[StubChange]:
    """Everything `jackit release` writes: the stubs, then the notebooks (exercises/notebooks/*.ipynb)."""
    notebooks = expected_notebooks(course)  # converted first: a broken source writes nothing
    stubs = release_stubs(course=course)
    return stubs + [write_generated(path.stem, path, text) for path, text in notebooks.items()]
