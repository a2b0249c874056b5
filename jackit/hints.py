"""Hints shown one at a time, rustlings-style: `jackit hint NAME` shows the next one and remembers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jackit.course import Course

STATE_FILE = Path(".jackit") / "hints.json"


@dataclass(frozen=True)
class Hint:
    exercise: str
    number: int
    total: int
    text: str

    @property
    def last(self) -> bool:
        return self.number == self.total


def next_hint(*, course: Course, name: str, again: bool = False) -> Hint:
    """The next hint of exercise `name` (or, with `again`, the last one shown), remembered per workspace."""
    exercise = course.exercise(name)
    state_path = course.root / STATE_FILE
    try:
        shown = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        shown = {}
    count = int(shown.get(name, 0))
    number = max(1, count) if again else min(count + 1, len(exercise.hints))
    shown[name] = max(count, number)
    try:
        state_path.parent.mkdir(parents=True, exist_ok=True)
        state_path.write_text(json.dumps(shown, indent=1), encoding="utf-8")
    except OSError:
        pass  # a read-only workspace still gets its hint, only not remembered
    return Hint(name, number, len(exercise.hints), exercise.hints[number - 1])
