"""Helpers for the exercise notebooks: a self-check cell, and plots that wait for unfinished stubs.

    from jackit.notebook_check import check, skip_if_todo

    check("polar_jacobian", "jacobian")   # the public checks of one part, with `jackit check`'s verdict
    check("polar_jacobian")               # every public check of the exercise

    with skip_if_todo():                  # an unfinished stub ends the block with a one-line note
        J = mine.polar_jacobian(r, theta)
        plt.plot(...)

`check` runs the public self-checks on the saved exercise module in a separate pytest process,
like `jackit check`, so it sees what the file holds now whatever the notebook imported. A public
test belongs to the part its marker names, `@pytest.mark.part("<part>")`, a key of the exercise's
`points` in course.toml.
"""

from __future__ import annotations

import ast
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path

from jackit.course import CourseError, find_course, load_course
from jackit.progress import summarize
from jackit.public import run_public_tests
from jackit.selfcheck import todo_name
from jackit.verdict import verdict_text


def public_test_parts(test_file: Path) -> dict[str, str]:
    """{test function name: part} from the `@pytest.mark.part("<part>")` markers of a public test file."""
    tree = ast.parse(test_file.read_text(encoding="utf-8"), filename=str(test_file))
    parts = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            for decorator in node.decorator_list:
                if (isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "pytest.mark.part"
                        and len(decorator.args) == 1 and isinstance(decorator.args[0], ast.Constant)):
                    parts[node.name] = decorator.args[0].value
    return parts


def check(name: str, part: str | None = None, *, course: str | Path | None = None) -> None:
    """Run the public checks of exercise `name` (or of one part) and print the verdict.

    `course` is the course.toml (default: the nearest one above the current folder).
    """
    try:
        loaded = load_course(Path(course) if course else find_course(), check_files=False)
        exercise = loaded.exercise(name)
        if part is not None and part not in exercise.parts:
            raise KeyError(f"{name} has no part {part!r} (its parts: {', '.join(exercise.parts)})")
        package = loaded.root / "exercises"
        outcomes = run_public_tests(tests_dir=package / "tests", package=package, names=[name])
        if part is not None:
            parts = public_test_parts(package / "tests" / f"test_{name}.py")
            outcomes = [o for o in outcomes if parts.get(o.test.split("[")[0]) == part]
    except (CourseError, KeyError, RuntimeError, OSError) as err:
        message = err.args[0] if isinstance(err, KeyError) else err
        print(f"cannot run the checks: {message}")
        return
    if not outcomes:
        print(f"{name}{f', part {part}' if part else ''}: no public check (the hidden tests still grade it)")
        return
    print(verdict_text(summarize(exercise, outcomes), part=part))


@contextmanager
def skip_if_todo():
    """End the block quietly where it reaches an unfinished stub, with a one-line note instead of a
    traceback; figures the block opened are closed (no empty axes). Any other error is raised."""
    figures_before = _open_figures()
    try:
        yield
    except NotImplementedError as err:
        name = todo_name(err)
        if name is None:
            raise
        for number in _open_figures() - figures_before:
            sys.modules["matplotlib.pyplot"].close(number)
        frame = traceback.extract_tb(err.__traceback__)[-1]
        print(f"… not implemented yet: {frame.name}() in {Path(frame.filename).name}. "
              "Write it, save the file, and run this cell again.")


def _open_figures() -> set[int]:
    pyplot = sys.modules.get("matplotlib.pyplot")  # no figures unless the notebook imported pyplot
    return set(pyplot.get_fignums()) if pyplot else set()
