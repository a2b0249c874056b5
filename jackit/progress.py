"""`jackit check`: the student's progress, exercise by exercise, from the public self-checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jackit.course import Course, Exercise
from jackit.public import PublicOutcome, run_public_tests


@dataclass(frozen=True)
class ExerciseProgress:
    name: str
    title: str
    points: int
    status: str
    """done | failing | not started"""
    passed: int
    total: int
    first_failure: PublicOutcome | None


def check_progress(*, course: Course, names: list[str] | None = None, package: Path | None = None
                   ) -> list[ExerciseProgress]:
    """Run the public checks of the course (or of `names`) on the student's package."""
    exercises = [course.exercise(n) for n in names] if names else list(course.exercises)
    package = package or course.root / "exercises"
    outcomes = run_public_tests(tests_dir=package / "tests", package=package, names=[e.name for e in exercises])
    return [summarize(exercise, [o for o in outcomes if o.exercise == exercise.name]) for exercise in exercises]


def summarize(exercise: Exercise, outcomes: list[PublicOutcome]) -> ExerciseProgress:
    """The progress of one exercise from the outcomes of its public tests (all of them, or one part's)."""
    passed = sum(o.status == "passed" for o in outcomes)
    failures = [o for o in outcomes if o.status != "passed"]
    if outcomes and not failures:
        status = "done"
    elif failures and all(o.status == "todo" for o in failures) and passed == 0:
        status = "not started"
    else:
        status = "failing"
    return ExerciseProgress(exercise.name, exercise.title, exercise.points, status, passed, len(outcomes),
                            failures[0] if failures else None)


def next_step(progress: list[ExerciseProgress]) -> str:
    """What to do next, in one sentence."""
    for item in progress:
        if item.status == "failing":
            return f"Fix {item.name}: open exercises/{item.name}.py (stuck? jackit hint {item.name})."
    for item in progress:
        if item.status == "not started":
            return f"Start {item.name}: open exercises/{item.name}.py and read the docstrings."
    return "Every exercise passes its self-checks. Submit with: jackit submit"
