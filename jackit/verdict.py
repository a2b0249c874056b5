"""The verdict on one exercise (or one part of it) in a few plain lines, for notebooks and `jackit watch`.

It says what `jackit check` says, in text rather than a table: the status (done, failing, not
started) and how many checks pass, the first failing check's question and message, and what to do
next.
"""

from __future__ import annotations

from textwrap import indent

from jackit.progress import ExerciseProgress, next_step

SYMBOLS = {"done": "✓", "failing": "✗", "not started": "○"}


def verdict_text(progress: ExerciseProgress, *, part: str | None = None) -> str:
    """A few lines: the status, the first problem if any, and the next step."""
    subject = progress.name if part is None else f"{progress.name}, part {part}"
    plural = "check passes" if progress.passed == 1 else "checks pass"
    lines = [f"{SYMBOLS[progress.status]} {subject}: {progress.status} — "
             f"{progress.passed}/{progress.total} {plural}"]
    failure = progress.first_failure
    if progress.status == "failing" and failure is not None:
        lines.append(indent(failure.question, "  "))
        lines.append(indent(failure.message or failure.status, "    "))
    elif progress.status == "not started" and failure is not None:
        lines.append(indent(failure.message.splitlines()[0], "  "))
    if progress.status == "done":
        lines.append("Well done: every check of this part passes." if part else
                     f"Well done: every check of {progress.name} passes.")
    else:
        lines.append(next_step([progress]))
    return "\n".join(lines)
