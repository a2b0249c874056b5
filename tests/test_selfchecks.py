"""The public self-checks: the solutions pass them, the stubs fail every one with a TODO line."""

from __future__ import annotations

import os
import subprocess
import sys

from jackit.public import run_public_tests


def test_solutions_pass_every_public_test(course):
    """Does every solution pass all of its public self-checks?"""
    outcomes = run_public_tests(tests_dir=course.root / "exercises" / "tests", package=course.root / "solutions")
    assert {o.exercise for o in outcomes} == {e.name for e in course.exercises}
    failing = [f"{o.exercise}::{o.test}: {o.message}" for o in outcomes if o.status != "passed"]
    assert not failing, "\n".join(failing)


def test_stubs_fail_every_public_test_as_todo(course):
    """Does every stub fail every public test, reported as TODO(<name>) rather than a traceback?"""
    outcomes = run_public_tests(tests_dir=course.root / "exercises" / "tests")
    assert outcomes and {o.exercise for o in outcomes} == {e.name for e in course.exercises}
    for o in outcomes:
        assert o.status == "todo", f"{o.exercise}::{o.test} is {o.status}: {o.message}"
        assert o.message.startswith(f"TODO({o.exercise}): not implemented yet")


def test_plain_pytest_on_exercises_reads_as_todo(course):
    """Does a student's plain `pytest exercises/` say "TODO(polar_jacobian): not implemented yet"?"""
    env = {k: v for k, v in os.environ.items() if k != "JACKIT_PACKAGE"}
    ran = subprocess.run([sys.executable, "-m", "pytest", "exercises/", "-q", "-p", "no:cacheprovider"],
                         cwd=course.root, env=env, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 1
    assert "TODO(polar_jacobian): not implemented yet" in ran.stdout
    assert "Traceback" not in ran.stdout and "NotImplementedError" not in ran.stdout


def test_a_broken_module_says_why_in_one_line(course, tmp_path):
    """Does a syntax error in the student's module give one line with the line number?"""
    package = tmp_path / "package"
    (package / "tests").mkdir(parents=True)
    for test in (course.root / "exercises" / "tests").glob("*.py"):
        (package / "tests" / test.name).write_text(test.read_text())
    (package / "polar_jacobian.py").write_text("def polar_jacobian(r, theta)\n    return r\n")
    outcomes = run_public_tests(tests_dir=package / "tests", package=package, names=["polar_jacobian"])
    assert outcomes and all("polar_jacobian.py does not import: line 1" in o.message for o in outcomes)
