"""The class report, DIR/report.html, written at the end of `jackit grade`.

Built from the results.json files alone (plus the course, for titles and the misconceptions'
messages), so a `--resume` run, which regrades only what changed, still reports on everyone.
For the instructor: the score distribution, every part's pass rate, the most frequent catalogued
mistakes, the submissions that crashed, timed out or could not be graded, and every student's
total with a link to their feedback page.
"""

from __future__ import annotations

import json
import logging
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from jackit.render import plots
from jackit.render.feedback import FEEDBACK
from jackit.render.html import esc, figure, page, score, write_text_atomic

REPORT = "report.html"
RESULTS = "results.json"
TOP_MISCONCEPTIONS = 15

log = logging.getLogger(__name__)


@dataclass
class Graded:
    """One student's results.json, as the report needs it."""

    student: str
    total: float
    maximum: float
    tests: list[dict]
    extra: dict = field(default_factory=dict)


@dataclass
class Ungraded:
    student: str
    reason: str


def write_class_report(*, course, out: Path, rows=None) -> Path | None:
    """Write out/report.html and return its path (None, and a log, if it could not be made: the grades
    are already on disk). `rows` (jackit.grading.batch.Row) name the class and its ungraded
    submissions; without them every out/<student>/results.json is the class."""
    try:
        return write_text_atomic(out / REPORT, class_report_html(course=course, out=out, rows=rows))
    except Exception:
        log.exception("could not write the class report")
        return None


def load_class(out: Path, rows=None) -> tuple[list[Graded], list[Ungraded]]:
    if rows is None:
        students = sorted(p.parent.name for p in out.glob(f"*/{RESULTS}"))
        failed: dict[str, str] = {}
    else:
        students = [r.student for r in rows]
        failed = {r.student: r.message for r in rows if r.status == "error"}
    graded, ungraded = [], []
    for student in students:
        if student in failed:
            ungraded.append(Ungraded(student, failed[student]))
            continue
        try:
            data = json.loads((out / student / RESULTS).read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            ungraded.append(Ungraded(student, f"unreadable {RESULTS}: {type(err).__name__}"))
            continue
        extra = data.get("extra_data", {})
        graded.append(Graded(student, float(data.get("score", 0.0)), float(extra.get("max_score", 0.0)),
                             list(data.get("tests", [])), extra))
    return graded, ungraded


def class_report_html(*, course, out: Path, rows=None) -> str:
    graded, ungraded = load_class(out, rows)
    maximum = float(course.points)
    body = [f"<h1>Class report — {esc(course.title)}</h1>",
            f'<p class="subtitle">course version {esc(course.version)} · {len(graded)} submissions graded'
            + (f", {len(ungraded)} could not be graded" if ungraded else "") + "</p>"]
    if graded:
        body += [_distribution(graded, maximum), _pass_rates(graded, course), _misconceptions(graded, course)]
    if not plots.available():
        body.append('<p class="note">Charts are left out: matplotlib is not installed where this report was made.</p>')
    body.append(_attention(graded, ungraded, out))
    body.append(_everyone(graded, ungraded, course, out))
    return page(f"Class report: {course.title}", "\n".join(body))


# --- sections ------------------------------------------------------------------------------------


def _distribution(graded: list[Graded], maximum: float) -> str:
    totals = [g.total for g in graded]
    stats = (f"mean {statistics.fmean(totals):.3g}, median {statistics.median(totals):g}, "
             f"lowest {min(totals):g}, highest {max(totals):g} (of {maximum:g}); "
             f"{sum(t >= maximum for t in totals)} full marks, {sum(t == 0 for t in totals)} at 0")
    html = ['<section id="distribution"><h2>Score distribution</h2>', f"<p>{esc(stats)}.</p>"]
    picture = _draw(lambda: plots.histogram(totals, maximum, alt="Histogram of the total scores"),
                    "Submissions per tenth of the maximum score")
    html.append(picture or _bins_table(totals, maximum))
    html.append("</section>")
    return "\n".join(html)


def _bins_table(totals: list[float], maximum: float) -> str:
    """The histogram as a table with CSS bars, where matplotlib is missing."""
    width = (maximum or 1.0) / 10
    counts = Counter(min(int(t // width), 9) for t in totals)
    top = max(counts.values(), default=1)
    rows = ["<table><thead><tr><th>Score</th><th class=\"num\">Submissions</th><th></th></tr></thead><tbody>"]
    for b in range(10):
        rows.append(f"<tr><td>{b * width:g} – {(b + 1) * width:g}</td><td class=\"num\">{counts[b]}</td>"
                    f'<td><span class="bar" style="width:{12 * counts[b] / top:.2f}rem"></span></td></tr>')
    rows.append("</tbody></table>")
    return "\n".join(rows)


@dataclass
class PartStats:
    name: str
    max_score: float
    passed: int = 0
    not_started: int = 0
    scores: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.passed / len(self.scores) if self.scores else 0.0


def part_stats(graded: list[Graded], course) -> list[PartStats]:
    """Every part of the course (course order; parts found only in results after), over the graded class."""
    parts = {f"{e.name} · {p}": PartStats(f"{e.name} · {p}", float(points))
             for e in course.exercises for p, points in e.parts.items()}
    for g in graded:
        for test in g.tests:
            stats = parts.setdefault(test["name"], PartStats(test["name"], float(test.get("max_score", 0))))
            stats.scores.append(float(test.get("score", 0.0)))
            stats.passed += test.get("status") == "passed"
            stats.not_started += str(test.get("output", "")).startswith("TODO(")
    return list(parts.values())


def _pass_rates(graded: list[Graded], course) -> str:
    stats = [s for s in part_stats(graded, course) if s.scores]
    html = ['<section id="pass-rates"><h2>Pass rate of every part</h2>']
    picture = _draw(lambda: plots.pass_rates([s.name for s in stats], [s.rate for s in stats],
                                             alt="Bar chart of the pass rate of every part"),
                    "Share of submissions with full marks on each part (green ≥ 80 %, amber ≥ 50 %, red below)")
    if picture:
        html.append(picture)
    html.append('<table id="parts"><thead><tr><th>Part</th><th class="num">Points</th><th class="num">Passed</th>'
                '<th class="num">Pass rate</th><th class="num">Mean score</th><th class="num">Not started</th>'
                "</tr></thead><tbody>")
    for s in stats:
        html.append(f"<tr><td>{esc(s.name)}</td><td class=\"num\">{s.max_score:g}</td>"
                    f"<td class=\"num\">{s.passed} / {len(s.scores)}</td><td class=\"num\">{100 * s.rate:.0f} %</td>"
                    f"<td class=\"num\">{statistics.fmean(s.scores):.2f}</td>"
                    f"<td class=\"num\">{s.not_started}</td></tr>")
    html.append("</tbody></table></section>")
    return "\n".join(html)


def misconception_counts(graded: list[Graded]) -> list[tuple[str, str, int, list[str]]]:
    """(exercise, id, students, parts where seen), most frequent first: read from results.json extra_data."""
    students: Counter = Counter()
    parts: dict[tuple[str, str], list[str]] = {}
    for g in graded:
        mine = set()
        for part, ids in (g.extra.get("misconceptions") or {}).items():
            exercise = part.split(" · ")[0]
            for mistake in ids:
                key = (exercise, str(mistake))
                mine.add(key)
                seen = parts.setdefault(key, [])
                if part not in seen:
                    seen.append(part)
        students.update(mine)
    ranked = sorted(students.items(), key=lambda item: (-item[1], item[0]))
    return [(exercise, mistake, count, parts[(exercise, mistake)]) for (exercise, mistake), count in ranked]


def _misconceptions(graded: list[Graded], course) -> str:
    counts = misconception_counts(graded)
    html = ['<section id="misconceptions"><h2>Most frequent misconceptions</h2>']
    if not counts:
        html.append("<p>No catalogued misconception was diagnosed.</p></section>")
        return "\n".join(html)
    messages = _catalogue_messages(course)
    html.append(f"<p>Catalogued mistakes recognised in the submitted values (the {TOP_MISCONCEPTIONS} most "
                "frequent; a student counts once per mistake).</p>")
    html.append('<table id="misconception-table"><thead><tr><th class="num">Students</th><th>Misconception</th>'
                "<th>Parts</th><th>Message shown to the student</th></tr></thead><tbody>")
    for exercise, mistake, count, parts in counts[:TOP_MISCONCEPTIONS]:
        message = messages.get((exercise, mistake), "(no longer in the catalogue)")
        html.append(f'<tr><td class="num">{count}</td><td><code>{esc(exercise)}.{esc(mistake)}</code></td>'
                    f"<td>{esc(', '.join(p.split(' · ', 1)[-1] for p in parts))}</td><td>{esc(message)}</td></tr>")
    html.append("</tbody></table></section>")
    return "\n".join(html)


def _catalogue_messages(course) -> dict[tuple[str, str], str]:
    from jackit.grading.misconceptions import collect_misconceptions

    try:
        catalogue = collect_misconceptions(course)
    except Exception:  # a broken catalogue file must not cost the report: ids alone then
        log.exception("could not read the misconception catalogue")
        return {}
    return {(m.exercise, m.id): m.message for found in catalogue.values() for m in found}


KIND_WORDS = {"timeout": "timed out", "student_error": "crashed or raised"}


def _attention(graded: list[Graded], ungraded: list[Ungraded], out: Path) -> str:
    """Every submission that crashed, timed out, or could not be graded at all: one row per student and
    failure, with the parts it cost."""
    rows: dict[tuple[str, str, str], list[str]] = {}
    for u in ungraded:
        rows[(u.student, "could not be graded", u.reason)] = ["the whole submission"]
    for g in graded:
        for crash in g.extra.get("crashes") or []:
            kind = KIND_WORDS.get(crash.get("kind"), str(crash.get("kind", "?")))
            rows.setdefault((g.student, kind, str(crash.get("reason", ""))), []).append(str(crash.get("test", "?")))
        for note in g.extra.get("notes") or []:
            if str(note).startswith("grader error in "):
                rows.setdefault((g.student, "grader error", "a hidden test could not finish: check the hidden test"),
                                []).append(str(note).removeprefix("grader error in "))
    html = ['<section id="attention"><h2>Submissions that crashed, timed out or could not be graded</h2>']
    if not rows:
        html.append("<p>None.</p></section>")
        return "\n".join(html)
    html.append('<table id="attention-table"><thead><tr><th>Student</th><th>What</th><th>Parts</th><th>Reason</th>'
                "</tr></thead><tbody>")
    for (student, what, reason), parts in rows.items():
        html.append(f'<tr><td>{_student_link(student, out)}</td><td class="status failed">{esc(what)}</td>'
                    f"<td>{esc(_parts_text(parts))}</td><td><code>{esc(reason)}</code></td></tr>")
    html.append("</tbody></table></section>")
    return "\n".join(html)


def _parts_text(parts: list[str]) -> str:
    """"polar_jacobian · jacobian, determinant; newton · newton_step": parts grouped by exercise."""
    by_exercise: dict[str, list[str]] = {}
    for part in parts:
        exercise, _, name = part.partition(" · ")
        by_exercise.setdefault(exercise, []).append(name)
    return "; ".join(f"{e} · {', '.join(n for n in names if n)}".rstrip(" ·") for e, names in by_exercise.items())


def _everyone(graded: list[Graded], ungraded: list[Ungraded], course, out: Path) -> str:
    names = [e.name for e in course.exercises]
    maxima = {e.name: e.points for e in course.exercises}
    headers = [f'<th class="num exercise-name">{esc(n).replace("_", "_<wbr>")}<br>/ {maxima[n]:g}</th>' for n in names]
    html = ['<section id="students"><h2>Every submission</h2><div class="wide"><table id="student-table"><thead><tr>'
            "<th>Student</th>", *headers, '<th class="num">Total</th></tr></thead><tbody>']
    for g in graded:
        by_exercise: dict[str, float] = {}
        for test in g.tests:
            exercise = test["name"].split(" · ")[0]
            by_exercise[exercise] = by_exercise.get(exercise, 0.0) + float(test.get("score", 0.0))
        cells = "".join(f'<td class="num">{by_exercise.get(n, 0.0):.4g}</td>' for n in names)
        html.append(f"<tr><td>{_student_link(g.student, out)}</td>{cells}"
                    f'<td class="num"><strong>{score(round(g.total, 4), g.maximum)}</strong></td></tr>')
    for u in ungraded:
        html.append(f'<tr><td>{esc(u.student)}</td><td colspan="{len(names) + 1}" class="status failed">'
                    "not graded</td></tr>")
    html.append("</tbody></table></div></section>")
    return "\n".join(html)


def _student_link(student: str, out: Path) -> str:
    if (out / student / FEEDBACK).is_file():
        return f'<a href="{esc(quote(student))}/{FEEDBACK}">{esc(student)}</a>'
    return esc(student)


def _draw(make, caption: str) -> str:
    if not plots.available():
        return ""
    try:
        return figure(make(), caption)
    except Exception:  # the tables carry the same numbers: a picture that fails is left out
        log.exception("could not draw %s", caption)
        return ""
