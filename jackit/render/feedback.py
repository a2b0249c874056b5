"""The feedback page of one student, DIR/<student>/feedback.html, written by `jackit grade`.

It is made in the grading process from the in-memory result, because the pictures need the
evidence of the failed tests (the student's wrong values next to the reference's on the same
arguments), which results.json never holds. What a student sees: the total, every part's score,
and for each failing part the failed tests' questions, the catalogued mistake first, the check's
message, and at most MAX_PICTURES small plots in all. Parts whose visibility is not "visible" show
their score and nothing else.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jackit.grading.results import PartResult, SubmissionResult, TestOutcome
from jackit.render import plots
from jackit.render.evidence import Picture, picture_for
from jackit.render.html import esc, figure, page, score, write_text_atomic

FEEDBACK = "feedback.html"
MAX_PICTURES = 4
"""Plots per student page: matplotlib costs tens of milliseconds a plot, in the grading loop."""

log = logging.getLogger(__name__)


def write_feedback(result: SubmissionResult, path: Path, *, course=None) -> Path | None:
    """Write the student's page (atomically) and return its path; never raises, since it runs in the
    grading loop and a page that cannot be made must not cost anyone a grade (None then, and a log)."""
    try:
        return write_text_atomic(path, feedback_html(result, course=course))
    except Exception:
        log.exception("could not write the feedback page of %s", result.student)
        return None


def feedback_html(result: SubmissionResult, *, course=None, max_pictures: int = MAX_PICTURES) -> str:
    """The whole page. `course` (a jackit.course.Course) only adds the titles."""
    titles = {e.name: e.title for e in course.exercises} if course is not None else {}
    failing = [p for p in result.parts if _shown(p) and p.status != "passed"]
    to_fix = [p for p in failing if not p.not_started]
    pictures = choose_pictures(to_fix, max_pictures) if plots.available() else {}
    body = [
        f"<h1>Feedback for {esc(result.student)}</h1>",
        f'<p class="subtitle">{esc(course.title if course is not None else result.course)} · version '
        f"{esc(result.course_version)}</p>",
        f'<p class="total" id="total">{score(result.score, result.max_score)} points</p>',
        _summary(result, failing, to_fix),
    ]
    if to_fix:
        body.append('<h2 id="to-fix">What to fix</h2>')
        body += [_part_section(p, {t: pic for (n, t), pic in pictures.items() if n == i}) for i, p in enumerate(to_fix)]
        if not plots.available() and choose_pictures(to_fix, 1):
            body.append('<p class="note">Plots are left out: matplotlib is not installed where this page was made.</p>')
    if len(failing) > len(to_fix):
        body.append(_not_started([p for p in failing if p.not_started], titles))
    body += ['<h2 id="all-scores">All scores</h2>', _score_table(result, titles)]
    body.append('<p class="note">Run <code>jackit check</code> for the public self-checks. The hidden tests use '
                "other inputs than the self-checks: fix the mistake, not the numbers.</p>")
    return page(f"Feedback: {result.student}", "\n".join(body))


def _shown(part: PartResult) -> bool:
    """May the student see this part's details (tests, messages, plots), or only its score?"""
    return part.visibility == "visible"


def _anchor(part: PartResult) -> str:
    return f"part-{part.exercise}-{part.part}"


def _summary(result: SubmissionResult, failing: list[PartResult], to_fix: list[PartResult]) -> str:
    if not failing:
        if any(not _shown(p) for p in result.parts):
            return "<p>Every part whose details you can see passed.</p>"
        return '<p class="status passed">Every part passed: nothing to fix.</p>'
    counts = []
    if to_fix:
        counts.append(f"{len(to_fix)} part{'s' if len(to_fix) != 1 else ''} to fix")
    if len(failing) > len(to_fix):
        left = len(failing) - len(to_fix)
        counts.append(f"{left} part{'s' if left != 1 else ''} not started")
    text = " and ".join(counts)
    if not to_fix:
        return f"<p>{text}.</p>"
    first = to_fix[0]
    return (f'<p>{text}. Start with <a href="#{esc(_anchor(first))}">{esc(first.exercise)} · {esc(first.part)}</a>'
            ".</p>")


def _not_started(parts: list[PartResult], titles: dict[str, str]) -> str:
    """One line per exercise with parts nobody has begun: a TODO is all the grader reached."""
    by_exercise: dict[str, list[str]] = {}
    for p in parts:
        by_exercise.setdefault(p.exercise, []).append(p.part)
    items = []
    for exercise, names in by_exercise.items():
        title = f" ({esc(titles[exercise])})" if exercise in titles else ""
        items.append(f"<li><strong>{esc(exercise)}</strong>{title}: {esc(', '.join(names))}. "
                     f"<code>jackit hint {esc(exercise)}</code> gives a first hint.</li>")
    return ('<h2 id="not-started">Not started yet</h2><p>Every test of these parts reached a '
            "<code>raise NotImplementedError</code> left from the exercise template:</p><ul>"
            + "".join(items) + "</ul>")


def _status(part: PartResult) -> tuple[str, str]:
    """(CSS class, word) for the status column."""
    if not _shown(part):
        return "hidden", "details hidden"
    if part.not_started:
        return "not-started", "not started"
    return ("passed", "passed") if part.status == "passed" else ("failed", "failed")


def _score_table(result: SubmissionResult, titles: dict[str, str]) -> str:
    rows = ['<table id="scores"><thead><tr><th>Exercise and part</th><th class="num">Score</th>'
            "<th>Status</th></tr></thead><tbody>"]
    exercise_scores = result.exercise_scores()
    exercise_max: dict[str, float] = {}
    for p in result.parts:
        exercise_max[p.exercise] = exercise_max.get(p.exercise, 0.0) + p.max_score
    current = None
    for p in result.parts:
        if p.exercise != current:
            current = p.exercise
            title = titles.get(p.exercise)
            label = f"{esc(p.exercise)}" + (f" — {esc(title)}" if title else "")
            rows.append(f'<tr class="exercise"><td>{label}</td><td class="num">'
                        f"{score(exercise_scores[p.exercise], exercise_max[p.exercise])}</td><td></td></tr>")
        css, word = _status(p)
        name = esc(p.part)
        if _shown(p) and p.status != "passed":
            name = f'<a href="#{esc(_anchor(p))}">{name}</a>'
        rows.append(f'<tr class="part"><td>&nbsp;&nbsp;{name}</td><td class="num">{score(p.score, p.max_score)}'
                    f'</td><td class="status {css}">{word}</td></tr>')
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _part_section(part: PartResult, pictures: dict[int, Picture]) -> str:
    html = [f'<section class="part" id="{esc(_anchor(part))}">',
            f"<h3>{esc(part.exercise)} · {esc(part.part)} — {score(part.score, part.max_score)}</h3>"]
    for index, outcome in enumerate(part.outcomes):
        html.append(_test(outcome, part.exercise, pictures.get(index)))
    html.append(f'<p class="note">Stuck? <code>jackit hint {esc(part.exercise)}</code> gives the next hint.</p>')
    html.append("</section>")
    return "\n".join(html)


def _test(outcome: TestOutcome, exercise: str, picture: Picture | None) -> str:
    state = "passed" if outcome.passed else "failed"
    html = [f'<div class="test"><p class="question {state}">{esc(outcome.question)}</p>']
    if not outcome.passed:
        html.append(_explanation(outcome, exercise))
        if picture is not None:
            drawn = _draw(picture)
            if drawn:
                html.append(drawn)
    html.append("</div>")
    return "\n".join(html)


def _explanation(outcome: TestOutcome, exercise: str) -> str:
    if outcome.kind == "check":
        # The runner puts the catalogued mistakes' messages first, one line each, then the check's message.
        lines = outcome.message.split("\n")
        named, rest = lines[:len(outcome.misconceptions)], lines[len(outcome.misconceptions):]
        boxes = [f'<div class="misconception"><strong>Likely mistake:</strong> {esc(line)}</div>' for line in named]
        detail = "\n".join(rest).strip()
        return "\n".join(boxes + ([f'<pre class="detail">{esc(detail)}</pre>'] if detail else []))
    if outcome.kind == "todo":
        return (f"<p>This test calls a function you have not implemented yet (a <code>TODO({esc(exercise)})"
                "</code> is left).</p>")
    if outcome.kind == "timeout":
        return f'<div class="crash"><strong>Your code did not finish in time:</strong> {esc(outcome.message)}</div>'
    if outcome.kind == "student_error":
        return f'<div class="crash"><strong>Your code failed:</strong> {esc(outcome.message)}</div>'
    return ("<p>The grader could not finish this test. This is not your mistake: your instructor has been "
            "told.</p>")


def _draw(picture: Picture) -> str:
    try:
        return figure(picture.draw(), picture.caption)
    except Exception:  # a picture that cannot be drawn must never cost the page
        log.exception("could not draw %s", picture.caption)
        return ""


def choose_pictures(parts: list[PartResult], budget: int) -> dict[tuple[int, int], Picture]:
    """{(index in parts, index of the test in the part): picture}, at most `budget` in all.

    One picture per failing part first (in course order), so that a student failing four parts sees
    four; then further failed tests of the same parts, only where they show another kind of picture.
    """
    candidates: list[list[tuple[tuple[int, int], Picture]]] = []
    for n, part in enumerate(parts):
        found = []
        for t, outcome in enumerate(part.outcomes):
            picture = None if outcome.passed else next(filter(None, map(picture_for, outcome.evidence)), None)
            if picture is not None:
                found.append(((n, t), picture))
        candidates.append(found)
    chosen: dict[tuple[int, int], Picture] = {}
    for round_ in range(max(map(len, candidates), default=0)):
        for found in candidates:
            if round_ >= len(found) or len(chosen) >= budget:
                continue
            key, picture = found[round_]
            kinds = {p.kind for (n, _), p in chosen.items() if n == key[0]}
            if picture.kind not in kinds:
                chosen[key] = picture
    return chosen
