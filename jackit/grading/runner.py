"""Grade one submission: run every hidden test in the trusted process, student calls in the worker."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import jackit
import jackit.problems as problems_module
from jackit.checks import CheckFailure
from jackit.course import Course, Exercise
from jackit.engine import StudentError
from jackit.grading.hidden import HiddenSuite, HiddenTest
from jackit.grading.misconceptions import Misconception, diagnose, wrong_calls
from jackit.grading.results import PartResult, SubmissionResult, TestOutcome
from jackit.grading.seeds import student_rng
from jackit.grading.student import Session, StudentModule

TODO_REASON = re.compile(r"NotImplementedError: TODO\((?P<name>[a-z0-9_]+)\)")


def fingerprint(submission: Path, course: Course) -> str:
    """What a result depends on: the submission's module files, and the course version."""
    digest = hashlib.sha256(f"{course.name}\0{course.version}\0{jackit.__version__}".encode())
    for exercise in course.exercises:
        path = submission / f"{exercise.name}.py"
        digest.update(exercise.name.encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def run_test(test: HiddenTest, fixtures: dict, catalogue: tuple[Misconception, ...] = ()) -> TestOutcome:
    """One hidden test; never raises: every way of failing becomes an outcome with a message."""
    def outcome(passed: bool, kind: str, message: str = "", found=(), evidence=()) -> TestOutcome:
        return TestOutcome(test.name, test.question, passed, test.weight, message, kind,
                           tuple(m.id for m in found), tuple(evidence))

    try:
        test.function(**{name: fixtures[name] for name in test.fixtures})
    except CheckFailure as failure:
        wrong = wrong_calls(fixtures["student"].calls, fixtures["reference"])
        found = diagnose(wrong, catalogue, fixtures["reference"])
        message = "\n".join([*(m.message for m in found), str(failure)])
        return outcome(False, "check", message, found, wrong)
    except StudentError as err:
        if TODO_REASON.search(err.reason):
            return outcome(False, "todo", "not implemented yet")
        return outcome(False, "timeout" if err.kind == "timeout" else "student_error", err.reason)
    except Exception as err:  # a bug in a hidden test: fail closed, and tell the instructor
        return outcome(False, "grader_error", f"the grader could not finish this test ({type(err).__name__})")
    return outcome(True, "passed")


def grade_exercise(exercise: Exercise, tests: tuple[HiddenTest, ...], *, session: Session, reference,
                   secret: bytes, student: str, submission: Path,
                   catalogue: tuple[Misconception, ...] = ()) -> list[PartResult]:
    poisoned: dict = {}
    constants: dict = {}
    missing = not (submission / f"{exercise.name}.py").is_file()
    outcomes: dict[str, list[TestOutcome]] = {p: [] for p in exercise.parts}
    for test in tests:
        if missing:
            result = TestOutcome(test.name, test.question, False, test.weight,
                                 f"{exercise.name}.py is missing from the submission", "student_error")
        else:
            fixtures = {"student": StudentModule(session, exercise.name, poisoned, constants=constants),
                        "reference": reference, "tol": exercise.tolerances,
                        "rng": student_rng(secret, student, exercise.name, test.name),
                        "problems": problems_module}
            result = run_test(test, fixtures, catalogue)
        outcomes[test.part].append(result)
    return [PartResult(exercise.name, part, float(points), tuple(outcomes[part]), exercise.visibility)
            for part, points in exercise.parts.items()]


def grade_submission(*, course: Course, suite: HiddenSuite, submission: Path, student: str,
                     secret: bytes, sandbox) -> SubmissionResult:
    """Every exercise of `course` on one submission folder, in one worker session."""
    start = time.perf_counter()
    parts: list[PartResult] = []
    for exercise in course.exercises:
        # A fresh worker per exercise: what one module does to its process (monkeypatching numpy or
        # builtins, exiting, exhausting a limit) cannot touch the grade of another exercise.
        with sandbox.session(submission) as session:
            parts += grade_exercise(exercise, suite.of(exercise.name), session=session,
                                    reference=suite.references[exercise.name], secret=secret,
                                    student=student, submission=submission,
                                    catalogue=suite.misconceptions.get(exercise.name, ()))
    notes = [sandbox.warning] if getattr(sandbox, "warning", None) else []
    notes += [f"grader error in {p.exercise} · {o.name}" for p in parts for o in p.outcomes
              if o.kind == "grader_error"]
    return SubmissionResult(
        student=student, parts=parts, sandbox=sandbox.level, course=course.name,
        course_version=course.version, jackit_version=jackit.__version__,
        execution_time=time.perf_counter() - start, fingerprint=fingerprint(submission, course), notes=notes)
