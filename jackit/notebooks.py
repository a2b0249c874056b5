"""Exercise notebooks, generated from percent-format text sources so that diffs stay reviewable.

Each exercise may have a notebook source `exercises/notebooks/src/<name>.py`; `jackit release` writes
`exercises/notebooks/<name>.ipynb` from it (never edit the .ipynb by hand). A source is plain Python
text split into cells by marker lines:

    # Lines before the first marker are notes for authors: comments only, left out of the notebook.

    # %% [markdown]
    # ## A markdown cell
    # Every line starts with "# " (or is a lone "#"), which is removed: LaTeX like $\\det J = r$ works.

    # %%
    import numpy as np          # a code cell: its lines are copied as they are

Blank lines around a cell are dropped. The notebook is nbformat 4.5 JSON, written the way Jupyter
writes it (one-space indent, sorted keys, source split into lines), with no outputs, no execution
counts and cell ids that depend only on the cell's kind and text (an edit changes the id of the
cell edited, and no other). The same source always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from jackit.course import Course

MARKER = re.compile(r"^# %%(?P<rest>.*)$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class NotebookSourceError(ValueError):
    """A notebook source that cannot be converted; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Cell:
    kind: str
    """'markdown' or 'code'."""
    text: str


def notebooks_dir(course: Course) -> Path:
    return course.root / "exercises" / "notebooks"


def source_path(course: Course, name: str) -> Path:
    """Where the text source of exercise `name`'s notebook lives."""
    return notebooks_dir(course) / "src" / f"{name}.py"


def notebook_path(course: Course, name: str) -> Path:
    """Where exercise `name`'s generated notebook lives."""
    return notebooks_dir(course) / f"{name}.ipynb"


def parse_cells(source: str, *, filename: str = "<notebook source>") -> list[Cell]:
    """The cells of a percent-format source, in order."""
    cells: list[Cell] = []
    kind: str | None = None
    lines: list[str] = []

    def close() -> None:
        if kind is not None:
            text = "\n".join(lines).strip("\n")
            if not text.strip():
                raise NotebookSourceError(f"{filename}: a {kind} cell is empty (remove its marker)")
            cells.append(Cell(kind, text))

    for number, line in enumerate(source.splitlines(), start=1):
        marker = MARKER.match(line)
        if marker:
            close()
            rest = marker["rest"].strip()
            if rest not in ("", "[markdown]"):
                raise NotebookSourceError(f"{filename}:{number}: unknown cell marker {line!r} "
                                          "(write '# %%' for code or '# %% [markdown]' for text)")
            kind, lines = ("markdown" if rest else "code"), []
        elif kind is None:
            if line.strip() and not line.lstrip().startswith("#"):
                raise NotebookSourceError(f"{filename}:{number}: code before the first cell marker "
                                          "(start the cell with '# %%')")
        elif kind == "markdown":
            if line not in ("", "#") and not line.startswith("# "):
                raise NotebookSourceError(f"{filename}:{number}: a markdown line must start with '# ' "
                                          f"(found {line[:30]!r})")
            lines.append(line[2:])
        else:
            lines.append(line)
    close()
    if not cells:
        raise NotebookSourceError(f"{filename}: no cells (start one with '# %%' or '# %% [markdown]')")
    return cells


def cell_id(cell: Cell, seen: dict[str, int]) -> str:
    """An id from the cell's kind and text; a repeated cell gets a numbered suffix."""
    digest = hashlib.sha256(f"{cell.kind}\n{cell.text}".encode("utf-8")).hexdigest()[:10]
    base = f"{cell.kind[:2]}-{digest}"
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def to_notebook(cells: list[Cell]) -> str:
    """nbformat 4.5 JSON text for the cells, without outputs."""
    seen: dict[str, int] = {}
    json_cells = []
    for cell in cells:
        entry = {"cell_type": cell.kind, "id": cell_id(cell, seen), "metadata": {},
                 "source": cell.text.splitlines(keepends=True)}
        if cell.kind == "code":
            entry.update(execution_count=None, outputs=[])
        json_cells.append(entry)
    notebook = {"cells": json_cells,
                "metadata": {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def convert(source: str, *, filename: str = "<notebook source>") -> str:
    """The notebook JSON text of a percent-format source."""
    return to_notebook(parse_cells(source, filename=filename))


def expected_notebooks(course: Course) -> dict[Path, str]:
    """What exercises/notebooks/<name>.ipynb should hold, for every exercise that has a source."""
    expected = {}
    for exercise in course.exercises:
        source = source_path(course, exercise.name)
        if source.is_file():
            expected[notebook_path(course, exercise.name)] = convert(source.read_text(encoding="utf-8"),
                                                                     filename=str(source))
    return expected


def stale_notebooks(course: Course) -> list[Path]:
    """The notebooks that differ from what `jackit release` would write from their sources."""
    return [path for path, text in expected_notebooks(course).items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text]
