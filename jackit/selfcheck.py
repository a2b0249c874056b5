"""Pytest plumbing for the public self-checks, imported by exercises/tests/conftest.py.

Students run plain `pytest exercises/`: no plugin to install or name. This module supplies
- the `exercise` fixture: the module under test, named after the test file (test_<name>.py);
- the `tol` fixture: the exercise's tolerances from course.toml;
- the `part(name)` marker, naming the course.toml part a public test belongs to;
- short reports: an unfinished stub reads "TODO(<name>): not implemented yet", a failed check
  shows its message without a traceback, a module that does not import says why in one line.

The package under test is the folder above tests/ unless `--package DIR` or the environment
variable JACKIT_PACKAGE names another (the kit's own suite runs these tests against solutions/).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path

import pytest

from jackit.checks import CheckFailure
from jackit.course import CourseError, find_course, load_course

PACKAGE_ENV = "JACKIT_PACKAGE"
TODO = re.compile(r"^TODO\((?P<name>[a-z0-9_]+)\)$")


def pytest_addoption(parser):
    group = parser.getgroup("jackit", "jackit self-checks")
    group.addoption("--package", default=None, metavar="DIR",
                    help=f"folder holding the exercise modules under test (default: the folder above "
                         f"tests/; also ${PACKAGE_ENV})")


def pytest_configure(config):
    config.addinivalue_line("markers", "part(name): the course.toml part of the exercise this public "
                                       "check belongs to (jackit.notebook_check.check(name, part) runs them)")


def package_dir(config, tests_dir: Path) -> Path:
    chosen = config.getoption("--package", default=None) or os.environ.get(PACKAGE_ENV)
    return Path(chosen).resolve() if chosen else tests_dir.resolve().parent


def _import_exercise(folder: Path, name: str):
    if not (folder / f"{name}.py").is_file():
        pytest.fail(f"{name}.py is missing from {folder}: restore it from the release", pytrace=False)
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(name)
    except NotImplementedError:
        raise
    except SyntaxError as err:
        pytest.fail(f"{name}.py does not import: line {err.lineno}: {err.msg}", pytrace=False)
    except Exception as err:  # any error at import: say it in one line
        pytest.fail(f"{name}.py does not import: {type(err).__name__}: {err}", pytrace=False)


@pytest.fixture
def exercise(request):
    """The student's module for this test file (test_polar_jacobian.py → polar_jacobian)."""
    name = Path(str(request.path)).stem.removeprefix("test_")
    folder = package_dir(request.config, Path(str(request.path)).parent)
    return _import_exercise(folder, name)


@pytest.fixture
def tol(request):
    """The exercise's tolerances (course.toml [defaults.tolerance] and the exercise's overrides)."""
    name = Path(str(request.path)).stem.removeprefix("test_")
    start = Path(str(request.path)).parent
    try:
        course = load_course(find_course(start), check_files=False)
        return course.exercise(name).tolerances
    except (CourseError, KeyError) as err:
        pytest.fail(f"cannot read the tolerances: {err}", pytrace=False)


def todo_name(exc: BaseException) -> str | None:
    """The exercise name of an unfinished stub's NotImplementedError("TODO(<name>)"), else None."""
    if isinstance(exc, NotImplementedError) and exc.args:
        match = TODO.match(str(exc.args[0]))
        if match:
            return match["name"]
    return None


def _unfinished_function(excinfo) -> str | None:
    """The function whose body still raises the TODO (the innermost frame of the traceback)."""
    entry = excinfo.traceback[-1]
    return f"{entry.name}() in {Path(str(entry.path)).name}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is None or report.passed:
        return
    exc = call.excinfo.value
    name = todo_name(exc)
    if name:
        report.longrepr = f"TODO({name}): not implemented yet — {_unfinished_function(call.excinfo)}"
        report.jackit_status = "todo"
    elif isinstance(exc, CheckFailure):
        report.longrepr = str(exc)
        report.jackit_status = "failing"
