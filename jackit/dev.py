"""`jackit dev check`: the authoring checks that keep a course consistent.

Every exercise in course.toml has its stub, solution, public test and hidden test (the loader
checks the files, the points and the hints); every stub is in sync with its solution; every stub
fails every one of its public tests; every solution passes its public tests and gets full marks
from the hidden tests, graded through the real sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jackit.course import Course, CourseError, load_course
from jackit.public import run_public_tests
from jackit.release import ReleaseError, stale_stubs


@dataclass(frozen=True)
class Finding:
    exercise: str
    problem: str

    def __str__(self) -> str:
        return f"{self.exercise}: {self.problem}"


def dev_check(*, course_path: Path, hidden: bool = True) -> list[Finding]:
    """Every problem found, one line each; an empty list means the course is consistent."""
    try:
        course = load_course(course_path)
    except CourseError as err:
        return [Finding("course.toml", str(err))]
    findings: list[Finding] = []
    try:
        for path in stale_stubs(course):
            findings.append(Finding(path.stem, f"{path.relative_to(course.root)} is out of date "
                                               "(run: jackit release)"))
    except ReleaseError as err:
        findings.append(Finding("release", str(err)))
    tests_dir = course.root / "exercises" / "tests"
    for outcome in run_public_tests(tests_dir=tests_dir, package=course.root / "exercises"):
        if outcome.status == "passed":
            findings.append(Finding(outcome.exercise, f"the stub passes public test {outcome.test} "
                                                      "(a public test must fail until the exercise is done)"))
    for outcome in run_public_tests(tests_dir=tests_dir, package=course.root / "solutions"):
        if outcome.status != "passed":
            first = outcome.message.splitlines()[0] if outcome.message else outcome.status
            findings.append(Finding(outcome.exercise, f"the solution fails public test {outcome.test}: {first}"))
    if hidden:
        findings += _hidden_findings(course)
    return findings


def _hidden_findings(course: Course) -> list[Finding]:
    from jackit.grading.hidden import SuiteError, collect_suite
    from jackit.grading.runner import grade_submission
    from jackit.engine import Sandbox

    try:
        suite = collect_suite(course)
    except SuiteError as err:
        return [Finding("autograder", str(err))]
    findings = []
    sandbox = Sandbox(course.limits, slot=None)
    try:
        solutions, stubs = (
            grade_submission(course=course, suite=suite, submission=course.root / folder,
                             student="dev-check", secret=b"jackit dev check secret", sandbox=sandbox)
            for folder in ("solutions", "exercises"))
    finally:
        sandbox.close()
    for p in solutions.parts:
        for o in p.outcomes:
            if not o.passed:
                first = o.message.splitlines()[0] if o.message else o.kind
                findings.append(Finding(p.exercise, f"the solution fails hidden test {o.name} ({p.part}): {first}"))
    for p in stubs.parts:
        if p.score > 0:
            findings.append(Finding(p.exercise, f"the stub scores {p.score:g} on part {p.part} "
                                                "(an unstarted exercise must score 0)"))
    return findings
