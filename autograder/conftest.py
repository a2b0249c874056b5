"""Run the hidden tests with plain pytest, for course authors: `pytest autograder/`.

The tests run here exactly as in the grader: the `student` fixture sends every call to the
sandboxed worker. By default the submission graded is solutions/ (every test should pass);
`--submission DIR` grades another folder (a student's, or exercises/ where every test fails).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jackit.problems as problems_module
from jackit.course import load_course
from jackit.grading.hidden import import_path
from jackit.grading.seeds import student_rng
from jackit.grading.student import StudentModule

COURSE = Path(__file__).resolve().parent.parent / "course.toml"


def pytest_addoption(parser):
    parser.addoption("--submission", default=None, metavar="DIR",
                     help="the submission folder the hidden tests grade (default: solutions/)")


def exercise_name(request) -> str:
    return Path(str(request.path)).stem.removeprefix("test_")


@pytest.fixture(scope="session")
def _course():
    return load_course(COURSE)


@pytest.fixture(scope="session")
def _session(request, _course):
    from jackit.engine import Sandbox

    folder = Path(request.config.getoption("--submission") or _course.root / "solutions").resolve()
    sandbox = Sandbox(_course.limits, slot=None)
    with sandbox.session(folder) as session:
        yield session
    sandbox.close()


@pytest.fixture
def student(request, _session):
    return StudentModule(_session, exercise_name(request), {})


@pytest.fixture
def reference(request, _course):
    name = exercise_name(request)
    return import_path(_course.exercise(name).solution, f"jackit_reference.{name}")


@pytest.fixture
def rng(request):
    return student_rng(b"author runs", "author", exercise_name(request), request.node.name)


@pytest.fixture
def tol(request, _course):
    return _course.exercise(exercise_name(request)).tolerances


@pytest.fixture
def problems():
    return problems_module
