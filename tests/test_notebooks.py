"""The exercise notebooks: generated from their text sources, in sync, and runnable on stubs and solutions."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from jackit.course import load_course
from jackit.notebook_check import check, public_test_parts
from jackit.notebooks import (NotebookSourceError, convert, notebook_path, parse_cells, source_path,
                              stale_notebooks)
from jackit.release import release_course

SOURCE = """# Notes for authors, left out.

# %% [markdown]
# # A title
#
# Some $\\LaTeX$: $\\det J = r$.

# %%
import numpy as np

x = np.ones(3)

# %% [markdown]
# The end.
"""


def test_notebooks_are_in_sync_with_their_sources(course):
    """Is every exercises/notebooks/*.ipynb exactly what `jackit release` would write from its source?"""
    assert stale_notebooks(course) == [], "run: jackit release"


def test_every_exercise_has_a_notebook(course):
    """Does every exercise of the course have a notebook source and its generated notebook?"""
    missing = [e.name for e in course.exercises
               if not source_path(course, e.name).is_file() or not notebook_path(course, e.name).is_file()]
    assert missing == []


def test_cells_are_split_at_the_markers():
    """Are the cells markdown, code, markdown, with the "# " of markdown lines removed and the header left out?"""
    cells = parse_cells(SOURCE)
    assert [c.kind for c in cells] == ["markdown", "code", "markdown"]
    assert cells[0].text == "# A title\n\nSome $\\LaTeX$: $\\det J = r$."
    assert cells[1].text == "import numpy as np\n\nx = np.ones(3)"
    assert "Notes for authors" not in convert(SOURCE)


def test_the_notebook_is_valid_nbformat_without_outputs():
    """Is the JSON a valid nbformat 4.5 notebook, with no outputs, no execution counts and unique ids?"""
    nbformat = pytest.importorskip("nbformat")
    text = convert(SOURCE)
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert len({c.id for c in notebook.cells}) == len(notebook.cells)
    assert json.loads(text)["cells"][1]["source"] == ["import numpy as np\n", "\n", "x = np.ones(3)"]


def test_conversion_is_deterministic():
    """Does the same source always give the same bytes, ending with a newline?"""
    assert convert(SOURCE) == convert(SOURCE) and convert(SOURCE).endswith("}\n")


def test_an_edit_changes_only_the_id_of_the_edited_cell():
    """When one cell is edited and one is inserted, do the other cells keep their ids?"""
    before = [c["id"] for c in json.loads(convert(SOURCE))["cells"]]
    edited = SOURCE.replace("x = np.ones(3)", "x = np.zeros(3)").replace("# %% [markdown]\n# The end.",
                                                                           "# %%\ny = 1\n\n# %% [markdown]\n# The end.")
    after = [c["id"] for c in json.loads(convert(edited))["cells"]]
    assert after[0] == before[0] and after[-1] == before[-1]
    assert after[1] != before[1] and len(after) == 4


def test_repeated_cells_get_distinct_ids():
    """Do two identical cells get two different ids?"""
    cells = json.loads(convert("# %%\ncheck()\n\n# %%\ncheck()\n"))["cells"]
    assert cells[0]["id"] != cells[1]["id"]


@pytest.mark.parametrize("broken, problem", [
    ("# %% [raw]\nx\n", "unknown cell marker"),
    ("# %% [markdown]\nno hash here\n", "must start with '# '"),
    ("import os\n# %%\nx = 1\n", "code before the first cell marker"),
    ("# %%\n\n# %%\nx = 1\n", "is empty"),
    ("# only a comment\n", "no cells"),
])
def test_a_broken_source_says_where_and_how_to_fix_it(broken, problem):
    """Does each malformed source fail with the file name and what to do?"""
    with pytest.raises(NotebookSourceError, match=problem) as caught:
        convert(broken, filename="src/demo.py")
    assert str(caught.value).startswith("src/demo.py")


def test_release_writes_a_new_notebook_and_notices_a_stale_one(tiny_course):
    """Does `jackit release` create the notebook of a new source, and regenerate it after the source changes?"""
    course = load_course(tiny_course)
    source = source_path(course, "scale")
    source.parent.mkdir(parents=True)
    source.write_text(SOURCE)
    assert stale_notebooks(course) == [notebook_path(course, "scale")]
    assert [(c.path.name, c.status) for c in release_course(course=course)] == [
        ("scale.py", "unchanged"), ("scale.ipynb", "created")]
    assert stale_notebooks(course) == []
    source.write_text(SOURCE.replace("The end.", "The very end."))
    assert stale_notebooks(course) == [notebook_path(course, "scale")]
    assert release_course(course=course)[-1].status == "updated" and stale_notebooks(course) == []


def test_every_public_test_belongs_to_a_part_of_its_exercise(course):
    """Does every public test carry @pytest.mark.part naming a part of its exercise, and every part have one?"""
    for exercise in course.exercises:
        text = exercise.public_test.read_text(encoding="utf-8")
        tests = re.findall(r"^def (test_\w+)\(", text, flags=re.M)
        parts = public_test_parts(exercise.public_test)
        assert sorted(parts) == sorted(tests), f"{exercise.name}: tests without a part marker"
        assert set(parts.values()) == set(exercise.parts), f"{exercise.name}: parts {set(parts.values())}"


def test_every_notebook_checks_every_part(course):
    """Does each notebook have a self-check cell for each part of its exercise, and one for the whole exercise?"""
    for exercise in course.exercises:
        source = source_path(course, exercise.name).read_text(encoding="utf-8")
        checked = re.findall(rf'^check\("{exercise.name}", "(\w+)"\)$', source, flags=re.M)
        assert checked == list(exercise.parts), exercise.name
        assert source.rstrip().endswith(f'check("{exercise.name}")')


def test_every_notebook_reloads_and_imports_the_students_module(course):
    """Does each notebook's first code cell turn on autoreload and import the module from the folder above?"""
    for exercise in course.exercises:
        cells = parse_cells(source_path(course, exercise.name).read_text(encoding="utf-8"))
        first = next(c.text for c in cells if c.kind == "code")
        assert first.startswith("%load_ext autoreload\n%autoreload 2"), exercise.name
        assert 'sys.path.insert(0, str(Path("..").resolve()))' in first
        assert f"import {exercise.name} as mine" in first


# --- the self-check helper ---------------------------------------------------------------------

@pytest.fixture(autouse=True)
def only_jackits_pytest_plugins(monkeypatch):
    """The checks' pytest processes load no installed plugin (hypothesis costs ~1 s a run), as in a
    student's environment, where the kit's test dependencies are not installed."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


@pytest.fixture
def workspace(root, tmp_path):
    """A student's workspace: course.toml and a copy of exercises/ (stubs, public tests, notebooks)."""
    shutil.copy(root / "course.toml", tmp_path / "course.toml")
    shutil.copytree(root / "exercises", tmp_path / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_check_of_a_part_runs_only_that_parts_checks(workspace, root, capsys):
    """On a stub, then on the solution, does check(name, part) report only the part's one check?"""
    check("polar_jacobian", "determinant", course=workspace / "course.toml")
    before = capsys.readouterr().out
    assert before.startswith("○ polar_jacobian, part determinant: not started — 0/1 checks pass")
    assert "TODO(polar_jacobian): not implemented yet — polar_area_element() in polar_jacobian.py" in before
    (workspace / "exercises" / "polar_jacobian.py").write_text((root / "solutions" / "polar_jacobian.py").read_text())
    check("polar_jacobian", "determinant", course=workspace / "course.toml")
    assert capsys.readouterr().out.startswith("✓ polar_jacobian, part determinant: done — 1/1 check passes")


def test_check_names_the_first_failure(workspace, root, capsys):
    """With a wrong determinant, does check say "failing", the question, the message and the next step?"""
    module = workspace / "exercises" / "polar_jacobian.py"
    module.write_text((root / "solutions" / "polar_jacobian.py").read_text().replace("return a * d - b * c",
                                                                                      "return a * d + b * c"))
    check("polar_jacobian", course=workspace / "course.toml")
    out = capsys.readouterr().out
    assert out.startswith("✗ polar_jacobian: failing — 7/8 checks pass")
    assert "Is det J equal to r at every point of a batch?" in out
    assert "Fix polar_jacobian: open exercises/polar_jacobian.py" in out


def test_check_explains_an_unknown_part_in_one_line(workspace, capsys):
    """Does a part that does not exist give one line listing the exercise's parts, not a traceback?"""
    check("polar_jacobian", "determinent", course=workspace / "course.toml")
    assert capsys.readouterr().out == ("cannot run the checks: polar_jacobian has no part 'determinent' "
                                       "(its parts: jacobian, determinant, symbolic, spherical)\n")


# --- running the notebooks ---------------------------------------------------------------------

def run_notebook(workspace, name: str):
    """Execute exercises/notebooks/<name>.ipynb of the workspace in a fresh kernel; the executed notebook."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    folder = workspace / "exercises" / "notebooks"
    notebook = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    nbclient.NotebookClient(notebook, timeout=240, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def outputs(notebook) -> tuple[str, int]:
    """All the text the code cells printed, and how many images they showed."""
    text, images = [], 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            text.append(output.get("text", ""))
            images += "image/png" in output.get("data", {})
    return "".join(text), images


NAMES = [e.name for e in load_course(Path(__file__).resolve().parent.parent / "course.toml")]


@pytest.mark.parametrize("name", NAMES)
def test_the_notebook_of_an_unfinished_stub_runs_without_a_traceback(workspace, name):
    """On the untouched stub, does every cell run, each unfinished function giving a one-line note?"""
    text, _ = outputs(run_notebook(workspace, name))  # nbclient raises CellExecutionError on any traceback
    assert f"○ {name}: not started" in text
    assert "… not implemented yet:" in text and "Traceback" not in text


@pytest.mark.parametrize("name", NAMES)
def test_the_notebook_of_a_solved_exercise_draws_its_plots(workspace, root, name):
    """With the solution in place of the stub, does every cell run, every check pass and the plots render?"""
    for solved in {name, "gradient_descent"}:  # newton's notebook also runs your gradient descent
        (workspace / "exercises" / f"{solved}.py").write_text((root / "solutions" / f"{solved}.py").read_text())
    text, images = outputs(run_notebook(workspace, name))
    assert f"✓ {name}: done" in text
    assert "not implemented yet" not in text and "failing" not in text
    assert images >= 3
