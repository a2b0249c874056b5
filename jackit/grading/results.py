"""What grading one submission produces, and its Gradescope results.json form.

The Gradescope schema (top-level `score`, `execution_time`, `output`, `tests`, `extra_data`; each
test with `name`, `number`, `score`, `max_score`, `status`, `output`, `visibility`) is the one
record per student that every other view (grades.csv, the terminal table, the reports) reads.
One Gradescope test is one course part: "polar_jacobian · jacobian".
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class TestOutcome:
    """One hidden test on one submission."""

    name: str
    question: str
    passed: bool
    weight: float
    message: str = ""
    """Why it failed, for the student (never hidden-test source or reference values)."""
    kind: str = "passed"
    """passed | check | todo | student_error | timeout | grader_error"""
    misconceptions: tuple[str, ...] = ()
    """Ids of the catalogued mistakes that reproduce the student's wrong values."""
    evidence: tuple = field(default=(), compare=False, repr=False)
    """The wrong calls behind a failure (jackit.grading.misconceptions.WrongCall), for the feedback
    page's plots; never written to results.json."""


@dataclass(frozen=True)
class PartResult:
    exercise: str
    part: str
    max_score: float
    outcomes: tuple[TestOutcome, ...]
    visibility: str = "visible"

    @property
    def score(self) -> float:
        total = sum(o.weight for o in self.outcomes)
        passed = sum(o.weight for o in self.outcomes if o.passed)
        return round(self.max_score * passed / total, 4) if total else 0.0

    @property
    def status(self) -> str:
        return "passed" if self.outcomes and all(o.passed for o in self.outcomes) else "failed"

    @property
    def not_started(self) -> bool:
        return bool(self.outcomes) and all(o.kind == "todo" for o in self.outcomes)

    def output(self) -> str:
        if self.not_started:
            return f"TODO({self.exercise}): not started"
        lines = []
        for outcome in self.outcomes:
            mark = "✓" if outcome.passed else "✗"
            lines.append(f"{mark} {outcome.question}")
            if not outcome.passed and outcome.message:
                lines.extend(f"    {line}" for line in outcome.message.splitlines())
        return "\n".join(lines)


@dataclass
class SubmissionResult:
    student: str
    parts: list[PartResult]
    sandbox: str
    course: str
    course_version: str
    jackit_version: str
    execution_time: float = 0.0
    fingerprint: str = ""
    notes: list[str] = field(default_factory=list)
    """Lines for the instructor (sandbox warnings, grader errors)."""

    @property
    def score(self) -> float:
        return round(sum(p.score for p in self.parts), 4)

    @property
    def max_score(self) -> float:
        return sum(p.max_score for p in self.parts)

    def exercise_scores(self) -> dict[str, float]:
        scores: dict[str, float] = {}
        for p in self.parts:
            scores[p.exercise] = round(scores.get(p.exercise, 0.0) + p.score, 4)
        return scores

    def to_gradescope(self) -> dict:
        tests = []
        numbers: dict[str, int] = {}
        exercise_numbers: dict[str, int] = {}
        for p in self.parts:
            ex = exercise_numbers.setdefault(p.exercise, len(exercise_numbers) + 1)
            numbers[p.exercise] = numbers.get(p.exercise, 0) + 1
            tests.append({
                "name": f"{p.exercise} · {p.part}",
                "number": f"{ex}.{numbers[p.exercise]}",
                "score": p.score,
                "max_score": p.max_score,
                "status": p.status,
                "output": p.output(),
                "visibility": p.visibility,
            })
        return {
            "score": self.score,
            "execution_time": round(self.execution_time, 3),
            "output": f"{self.score:g} / {self.max_score:g} points",
            "stdout_visibility": "hidden",
            "tests": tests,
            "extra_data": {
                "student": self.student,
                "max_score": self.max_score,
                "sandbox": self.sandbox,
                "course": self.course,
                "course_version": self.course_version,
                "jackit_version": self.jackit_version,
                "fingerprint": self.fingerprint,
                "notes": self.notes,
                "misconceptions": self.misconceptions_by_part(),
                "crashes": self.crashes(),
            },
        }

    def misconceptions_by_part(self) -> dict[str, list[str]]:
        """{"exercise · part": [misconception ids, first seen first]} for the parts where any was diagnosed
        (results.json `extra_data`: the class report counts them without regrading)."""
        found: dict[str, list[str]] = {}
        for p in self.parts:
            ids = list(dict.fromkeys(i for o in p.outcomes for i in o.misconceptions))
            if ids:
                found[f"{p.exercise} · {p.part}"] = ids
        return found

    def crashes(self) -> list[dict[str, str]]:
        """The tests the student's code could not finish (timeout, exception, crash, missing module), one
        entry per part and kind: {"test": "exercise · part", "kind": ..., "reason": ...}."""
        seen: dict[tuple[str, str], dict[str, str]] = {}
        for p in self.parts:
            for o in p.outcomes:
                if o.kind in ("timeout", "student_error"):
                    seen.setdefault((f"{p.exercise} · {p.part}", o.kind),
                                    {"test": f"{p.exercise} · {p.part}", "kind": o.kind, "reason": o.message})
        return list(seen.values())


def write_json_atomic(path: Path, data: dict) -> None:
    """Write JSON so that a reader (or a resumed batch) sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
