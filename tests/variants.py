"""Build and grade variant submissions: the solutions with one exercise's functions replaced.

A variant file (tests/mutants/<exercise>/<id>.py or tests/alternatives/<exercise>/<id>.py) holds
only the functions it changes; appended to the solution module, its definitions win. Mutants name
the parts they break in a `Breaks: a, b` line of their docstring.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from jackit.grading.runner import grade_exercise

HERE = Path(__file__).resolve().parent
BREAKS = re.compile(r"^Breaks:\s*(?P<parts>[a-z0-9_, ]+)$", re.MULTILINE)
SAME_AS = re.compile(r"^Same as:\s*(?P<ids>[a-z0-9_, ]+)", re.MULTILINE)


@dataclass(frozen=True)
class Variant:
    exercise: str
    id: str
    path: Path

    @property
    def breaks(self) -> frozenset[str]:
        match = BREAKS.search(self.path.read_text(encoding="utf-8"))
        return frozenset(p.strip() for p in match["parts"].split(",")) if match else frozenset()

    @property
    def same_as(self) -> frozenset[str]:
        """Other mutants whose values this one reproduces exactly (a `Same as: a, b` line): the grader
        cannot tell them apart, and naming either is right."""
        match = SAME_AS.search(self.path.read_text(encoding="utf-8"))
        return frozenset(p.strip() for p in match["ids"].split(",")) if match else frozenset()

    def __str__(self) -> str:
        return f"{self.exercise}/{self.id}"


def variants(kind: str) -> list[Variant]:
    """Every variant of `kind` ('mutants' or 'alternatives'), sorted."""
    return [Variant(path.parent.name, path.stem, path) for path in sorted((HERE / kind).glob("*/*.py"))]


def build(variant: Variant, solutions: Path, into: Path) -> Path:
    """A submission folder: every solution module, the variant's exercise with the variant appended."""
    folder = into / f"{variant.exercise}-{variant.id}"
    folder.mkdir(parents=True)
    for module in solutions.glob("*.py"):
        shutil.copy(module, folder / module.name)
    target = folder / f"{variant.exercise}.py"
    target.write_text(target.read_text(encoding="utf-8") + "\n\n# --- variant ---\n"
                      + variant.path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def grade_on_seeds(variant: Variant, folder: Path, *, course, suite, sandbox, seeds: int) -> list[dict]:
    """The variant's exercise graded as `seeds` different students: one {part: PartResult} per seed."""
    exercise = course.exercise(variant.exercise)
    results = []
    with sandbox.session(folder) as session:
        for seed in range(seeds):
            parts = grade_exercise(exercise, suite.of(exercise.name), session=session,
                                   reference=suite.references[exercise.name], secret=b"variant tests secret",
                                   student=f"student-{seed}", submission=folder,
                                   catalogue=suite.misconceptions.get(exercise.name, ()))
            results.append({p.part: p for p in parts})
    return results
