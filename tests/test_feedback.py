"""The feedback pages and the class report that `jackit grade` writes: what a student and an instructor read.

A small class is graded once (the solutions, the stubs, three mutants with catalogued mistakes, a
mutant of an exercise made hidden, a timeout and an exception quoting HTML); the tests read the
pages it produced, then open them in headless Chromium.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from jackit.course import load_course
from jackit.grading.batch import grade_class
from jackit.grading.misconceptions import Call, WrongCall, collect_misconceptions
from jackit.grading.results import PartResult, SubmissionResult
from jackit.grading.results import TestOutcome as Outcome  # not collected as a test class
from jackit.render import plots
from jackit.render.feedback import FEEDBACK, MAX_PICTURES, feedback_html
from jackit.render.report import REPORT
from variants import build, variants

SECRET = "feedback tests secret, thirty-two+ characters"
HIDDEN_EXERCISE = "newton"
IMAGE = re.compile(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+"')
HOSTILE = "<script>alert('owned')</script>"

MUTANTS = {"polar_jacobian/transposed", "gradient_descent/ascends_the_gradient", "linear_map_jacobian/errors_squared",
           f"{HIDDEN_EXERCISE}/hessian_times_gradient"}
TRANSPOSED = "polar_jacobian-transposed"
UPHILL = "gradient_descent-ascends_the_gradient"
ERRORS_SQUARED = "linear_map_jacobian-errors_squared"
HIDDEN_MUTANT = f"{HIDDEN_EXERCISE}-hessian_times_gradient"

INFINITE_LOOP = "\n\ndef polar_jacobian(r, theta):\n    while True:\n        pass\n"
RAISES_HTML = f"\n\ndef polar_jacobian(r, theta):\n    raise ValueError({HOSTILE!r})\n"


def course_copy(root: Path, into: Path) -> Path:
    """The repository's course with `newton` hidden from students."""
    skip = {".venv", ".git", ".jackit", "out", "tests", "bench", "examples", "docs", "jackit", "build", "dist"}
    shutil.copytree(root, into, ignore=lambda folder, names: [n for n in names if n in skip or n == "__pycache__"]
                    if Path(folder) == root else [n for n in names if n == "__pycache__"])
    toml = into / "course.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace(f'name = "{HIDDEN_EXERCISE}"\n', f'name = "{HIDDEN_EXERCISE}"\nvisibility = "hidden"\n', 1)
    toml.write_text(text, encoding="utf-8")
    assert load_course(toml).exercise(HIDDEN_EXERCISE).visibility == "hidden"
    return toml


def make_class(root: Path, into: Path) -> Path:
    classroom = into / "class"
    classroom.mkdir()
    shutil.copytree(root / "solutions", classroom / "ada_perfect", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(root / "exercises", classroom / "ben_not_started",
                    ignore=shutil.ignore_patterns("__pycache__", "tests"))
    for mutant in variants("mutants"):
        if str(mutant) in MUTANTS:
            build(mutant, root / "solutions", classroom)
    for student, source in (("lea_infinite_loop", INFINITE_LOOP), ("xia_raises_html", RAISES_HTML)):
        shutil.copytree(root / "solutions", classroom / student, ignore=shutil.ignore_patterns("__pycache__"))
        module = classroom / student / "polar_jacobian.py"
        module.write_text(module.read_text(encoding="utf-8") + source, encoding="utf-8")
    return classroom


@pytest.fixture(scope="module")
def graded(root, tmp_path_factory):
    """(course, out, ClassResult) of the small class, graded with two jobs."""
    tmp = tmp_path_factory.mktemp("feedback")
    course_path = course_copy(root, tmp / "course")
    secret = tmp / "secret"
    secret.write_text(SECRET)
    out = tmp / "out"
    result = grade_class(paths=[make_class(root, tmp)], out=out, course_path=course_path, jobs=2, secret_file=secret)
    return load_course(course_path), out, result


def page_of(out: Path, student: str) -> str:
    return (out / student / FEEDBACK).read_text(encoding="utf-8")


def results_of(out: Path, student: str) -> dict:
    return json.loads((out / student / "results.json").read_text(encoding="utf-8"))


def section(html: str, exercise: str, part: str) -> str:
    """The "What to fix" section of one part (empty if there is none)."""
    match = re.search(rf'<section class="part" id="part-{exercise}-{part}">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def messages(course) -> dict[tuple[str, str], str]:
    return {(m.exercise, m.id): m.message for found in collect_misconceptions(course).values() for m in found}


def escaped(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


# --- the pages on disk ---------------------------------------------------------------------------


def test_every_graded_student_gets_a_page_and_the_class_a_report(graded):
    """Does `grade_class` write DIR/<student>/feedback.html for every student and DIR/report.html?"""
    _, out, result = graded
    assert len(result.rows) == 2 + len(MUTANTS) + 2 and all(r.status == "graded" for r in result.rows)
    for row in result.rows:
        html = page_of(out, row.student)
        assert html.startswith("<!DOCTYPE html>") and f"Feedback for {row.student}" in html
    assert (out / REPORT).is_file()


def test_a_page_shows_the_total_and_the_score_and_status_of_every_part(graded):
    """Does the page carry the total and, for every part, its score out of its points and its status?"""
    _, out, _ = graded
    data = results_of(out, TRANSPOSED)
    html = page_of(out, TRANSPOSED)
    assert f'<p class="total" id="total">{data["score"]:g} / {data["extra_data"]["max_score"]:g} points</p>' in html
    table = html[html.index('<table id="scores">'):]
    for test in data["tests"]:
        exercise, part = test["name"].split(" · ")
        row = re.search(rf'<tr class="part"><td>&nbsp;&nbsp;(?:<a [^>]*>)?{part}(?:</a>)?</td><td class="num">'
                        rf'{test["score"]:g} / {test["max_score"]:g}</td><td class="status ([a-z-]+)">', table)
        assert row, f"no row for {test['name']}"
        expected = "hidden" if test["visibility"] != "visible" else test["status"]
        assert row.group(1) == expected, test["name"]


def test_a_failing_jacobian_shows_the_misconception_first_then_the_message_and_a_heat_map(graded):
    """For a transposed Jacobian, is the catalogued message highlighted before the check's message, with an
    expected-vs-yours heat map of the first differing batch item?"""
    course, out, _ = graded
    part = section(page_of(out, TRANSPOSED), "polar_jacobian", "jacobian")
    message = messages(course)[("polar_jacobian", "transposed")]
    assert f'<div class="misconception"><strong>Likely mistake:</strong> {escaped(message)}</div>' in part
    assert part.index('class="misconception"') < part.index('<pre class="detail">Wrong values in polar_jacobian')
    assert IMAGE.search(part) and "batch item (0, 0)" in part and "outlined in red" in part


def test_trajectories_are_drawn_over_the_contours_and_error_sequences_on_a_log_scale(graded):
    """Does descent that climbs get its path over the objective's contours (and its iterates against the step),
    and a squared error sequence two curves on a log scale?"""
    _, out, _ = graded
    uphill = page_of(out, UPHILL)
    rosenbrock = section(uphill, "gradient_descent", "rosenbrock")
    assert IMAGE.search(rosenbrock) and "over the contour lines of the objective" in rosenbrock
    descent = section(uphill, "gradient_descent", "descent")
    assert IMAGE.search(descent) and "each coordinate of the iterates against the step" in descent
    quadratic = section(page_of(out, ERRORS_SQUARED), "linear_map_jacobian", "quadratic")
    assert IMAGE.search(quadratic) and "(log scale)" in quadratic


def test_perfect_and_unstarted_submissions_get_no_plot(graded):
    """Does a perfect submission read "nothing to fix", and do the stubs get the not-started list, both
    without a single image?"""
    course, out, _ = graded
    perfect = page_of(out, "ada_perfect")
    assert "Every part whose details you can see passed." in perfect and "<img" not in perfect
    stubs = page_of(out, "ben_not_started")
    assert '<h2 id="not-started">' in stubs and "<img" not in stubs and "What to fix" not in stubs
    for exercise in course.exercises:
        assert (f"<li><strong>{exercise.name}</strong>" in stubs) == (exercise.visibility == "visible")


def test_a_hidden_exercise_shows_its_score_and_nothing_else(graded):
    """For a mistake in the hidden exercise: the parts' scores, but no question, message, section or plot?"""
    course, out, _ = graded
    html = page_of(out, HIDDEN_MUTANT)
    data = results_of(out, HIDDEN_MUTANT)
    assert data["score"] < course.points  # the mistake did cost points...
    assert "<img" not in html and "What to fix" not in html and 'class="misconception"' not in html
    for (exercise, _), message in messages(course).items():
        if exercise == HIDDEN_EXERCISE:
            assert escaped(message) not in html
    for test in data["tests"]:
        exercise, part = test["name"].split(" · ")
        if exercise == HIDDEN_EXERCISE:  # ...shown as a score, with no detail
            assert (f"<td>&nbsp;&nbsp;{part}</td><td class=\"num\">{test['score']:g} / {test['max_score']:g}</td>"
                    '<td class="status hidden">details hidden</td>') in html
            assert escaped(test["output"].splitlines()[0][2:]) not in html  # the first question


def test_student_provided_strings_are_escaped(graded):
    """Does an exception message holding HTML appear escaped, never as markup, on the page and in the report?"""
    _, out, _ = graded
    html = page_of(out, "xia_raises_html")
    assert HOSTILE not in html and escaped(HOSTILE) in html
    assert '<div class="crash"><strong>Your code failed:</strong>' in html
    report = (out / REPORT).read_text(encoding="utf-8")
    assert HOSTILE not in report and escaped(HOSTILE) in report


def test_results_json_carries_misconception_ids_per_part_and_the_crashes(graded):
    """Does results.json extra_data hold {part: [misconception ids]} and the timeouts and crashes?"""
    _, out, _ = graded
    assert results_of(out, TRANSPOSED)["extra_data"]["misconceptions"] == {"polar_jacobian · jacobian": ["transposed"]}
    assert results_of(out, "ada_perfect")["extra_data"]["misconceptions"] == {}
    crashes = results_of(out, "lea_infinite_loop")["extra_data"]["crashes"]
    assert {c["kind"] for c in crashes} == {"timeout"} and "polar_jacobian · jacobian" in {c["test"] for c in crashes}
    assert {c["kind"] for c in results_of(out, "xia_raises_html")["extra_data"]["crashes"]} == {"student_error"}
    assert results_of(out, "ben_not_started")["extra_data"]["crashes"] == []  # a TODO is not a crash


def test_the_report_has_the_distribution_the_pass_rates_the_misconceptions_and_the_crashes(graded):
    """Does report.html hold the histogram, one pass-rate row per part, the diagnosed misconceptions with their
    counts and messages, and the timed-out and crashing submissions?"""
    course, out, result = graded
    report = (out / REPORT).read_text(encoding="utf-8")
    assert len(IMAGE.findall(report)) == 2  # the histogram and the pass-rate chart
    parts = re.search(r'<table id="parts">(.*?)</table>', report, re.S).group(1)
    assert parts.count("<tr>") == 1 + sum(len(e.parts) for e in course.exercises)
    everyone = [results_of(out, row.student) for row in result.rows]
    for exercise in course.exercises:
        for part, points in exercise.parts.items():
            name = f"{exercise.name} · {part}"
            passed = sum(t["status"] == "passed" for data in everyone for t in data["tests"] if t["name"] == name)
            assert (f'<tr><td>{name}</td><td class="num">{points:g}</td><td class="num">{passed} / {len(everyone)}'
                    f'</td><td class="num">{100 * passed / len(everyone):.0f} %</td>') in parts
    table = re.search(r'<table id="misconception-table">(.*?)</table>', report, re.S).group(1)
    counts = {mistake: int(n) for n, mistake in re.findall(r'<td class="num">(\d+)</td><td><code>([a-z_.]+)</code>',
                                                          table)}
    assert counts["polar_jacobian.transposed"] == 1 and counts["gradient_descent.ascends_the_gradient"] == 1
    assert counts[f"{HIDDEN_EXERCISE}.hessian_times_gradient"] == 1  # the instructor sees hidden parts' mistakes too
    assert escaped(messages(course)[("polar_jacobian", "transposed")]) in table
    attention = re.search(r'<table id="attention-table">(.*?)</table>', report, re.S).group(1)
    assert "lea_infinite_loop" in attention and "timed out" in attention and "xia_raises_html" in attention
    assert "ada_perfect" not in attention and "ben_not_started" not in attention


def test_a_resumed_run_rebuilds_the_whole_report_from_results_json(graded, tmp_path):
    """After `--resume` regrades nothing, is the report complete again (every student, the misconceptions)?"""
    course, out, result = graded
    before = (out / REPORT).read_text(encoding="utf-8")
    (out / REPORT).unlink()
    classroom = out.parent / "class"
    again = grade_class(paths=[classroom], out=out, course_path=course.path, jobs=1, secret_file=out.parent / "secret",
                        resume=True)
    assert {r.status for r in again.rows} == {"resumed"}
    after = (out / REPORT).read_text(encoding="utf-8")
    for row in result.rows:
        assert f'<a href="{row.student}/feedback.html">{row.student}</a>' in after
    strip = lambda html: re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", html)  # noqa: E731
    assert strip(after) == strip(before)


def test_every_catalogued_message_is_one_line(course):
    """Is every misconception message a single line? (The page highlights the first lines of a failure's
    message, one per diagnosed misconception, as the runner writes them.)"""
    multiline = [f"{m.exercise}.{m.id}" for found in collect_misconceptions(course).values() for m in found
                 if "\n" in m.message]
    assert not multiline


# --- the pages built from a result in memory ------------------------------------------------------


def wrong_jacobian_outcome(reference, rng, name: str = "test_jacobian") -> Outcome:
    """A failed test whose evidence is a transposed batch of polar Jacobians."""
    r, theta = rng.uniform(0.5, 2.0, 4), rng.uniform(-3.0, 3.0, 4)
    right = reference.polar_jacobian(r, theta)
    wrong = WrongCall(Call("polar_jacobian", (r, theta), {}, np.swapaxes(right, -1, -2)), right)
    return Outcome(name, "Does the Jacobian match?", False, 1.0, "Wrong values in polar_jacobian", "check",
                       (), (wrong,))


def result_with(parts: list[PartResult], student: str = "ada") -> SubmissionResult:
    return SubmissionResult(student=student, parts=parts, sandbox="test", course="jackit", course_version="1",
                            jackit_version="0")


def test_at_most_four_plots_one_per_failing_part_first(suite):
    """With six failing parts of three failing tests each, are there exactly four plots, one in each of the
    first four parts?"""
    rng = np.random.default_rng(0)
    reference = suite.references["polar_jacobian"]
    parts = [PartResult("polar_jacobian", f"part{i}", 1.0, tuple(wrong_jacobian_outcome(reference, rng, f"t{j}")
                                                               for j in range(3))) for i in range(6)]
    html = feedback_html(result_with(parts))
    assert len(IMAGE.findall(html)) == MAX_PICTURES == 4
    for i in range(6):
        assert len(IMAGE.findall(section(html, "polar_jacobian", f"part{i}"))) == (1 if i < 4 else 0)


def test_a_part_never_repeats_the_same_kind_of_plot(suite):
    """When one part fails three tests with the same kind of evidence and another fails one, does each part get
    one heat map, though the budget would allow more?"""
    rng = np.random.default_rng(3)
    reference = suite.references["polar_jacobian"]
    many = PartResult("polar_jacobian", "many", 1.0, tuple(wrong_jacobian_outcome(reference, rng, f"t{j}")
                                                           for j in range(3)))
    one = PartResult("polar_jacobian", "one", 1.0, (wrong_jacobian_outcome(reference, rng),))
    html = feedback_html(result_with([many, one]))
    assert len(IMAGE.findall(section(html, "polar_jacobian", "many"))) == 1
    assert len(IMAGE.findall(section(html, "polar_jacobian", "one"))) == 1


def test_hidden_evidence_is_never_drawn_and_ids_are_escaped(suite):
    """Does a hidden part with evidence get no plot and no message, and is a student id holding HTML escaped?"""
    rng = np.random.default_rng(1)
    outcome = wrong_jacobian_outcome(suite.references["polar_jacobian"], rng)
    hidden = PartResult("polar_jacobian", "jacobian", 3.0, (outcome,), visibility="hidden")
    html = feedback_html(result_with([hidden], student=HOSTILE))
    assert "<img" not in html and outcome.question not in html and outcome.message not in html
    assert HOSTILE not in html and f"Feedback for {escaped(HOSTILE)}" in html


def test_without_matplotlib_the_page_says_so_in_one_line(suite, monkeypatch):
    """Where matplotlib is missing, is the page still whole, without images, with one line saying why?"""
    monkeypatch.setattr(plots, "available", lambda: False)
    outcome = wrong_jacobian_outcome(suite.references["polar_jacobian"], np.random.default_rng(2))
    html = feedback_html(result_with([PartResult("polar_jacobian", "jacobian", 3.0, (outcome,))]))
    assert "<img" not in html and outcome.question in html
    assert html.count("matplotlib is not installed") == 1


def test_without_matplotlib_the_report_keeps_its_numbers(graded, monkeypatch):
    """Where matplotlib is missing, does the report keep the distribution as a table, every table, and one
    line saying why the charts are missing?"""
    from jackit.render.report import class_report_html

    course, out, result = graded
    monkeypatch.setattr(plots, "available", lambda: False)
    report = class_report_html(course=course, out=out, rows=result.rows)
    assert "<img" not in report and report.count("matplotlib is not installed") == 1
    last_tenth = f"<td>{course.points * 9 / 10:g} – {course.points:g}</td>"
    assert re.search(re.escape(last_tenth) + r'<td class="num">\d+</td>', report)
    for table in ("parts", "misconception-table", "attention-table", "student-table"):
        assert f'<table id="{table}">' in report


# --- the pages in a browser ----------------------------------------------------------------------


def browser_missing() -> str:
    """Why the browser tests cannot run here ("" when they can)."""
    from jackit.render.screenshot import chromium_path

    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (it is in the `test` dependency group)"
    if chromium_path() is None:
        return "no Chromium binary (Debian package `chromium`, or JACKIT_CHROMIUM)"
    return ""


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium; the tests that use it are skipped where it or playwright is missing, except in CI
    (CI is set), which installs both, where they fail."""
    missing = browser_missing()
    if missing:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(missing)
    from playwright.sync_api import sync_playwright

    from jackit.render.screenshot import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def open_page(browser, path: Path):
    """The page loaded from file://, with every URL it requested."""
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page, requested


DECODE = """async images => Promise.all(images.map(async image => {
  try { await image.decode(); } catch (error) { return [0, 0, 0]; }
  const canvas = document.createElement("canvas");
  canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let alpha = 3; alpha < pixels.length; alpha += 4) painted += pixels[alpha] === 255;
  return [image.naturalWidth, image.naturalHeight, painted / (canvas.width * canvas.height)];
}))"""


def decoded_images(page) -> list[tuple[int, int]]:
    """(naturalWidth, naturalHeight) of every image that decoded whole: a PNG cut short still reports its
    header's size, but leaves most of its pixels transparent, where every plot is painted edge to edge."""
    found = page.eval_on_selector_all("img", DECODE)
    return [(width, height) for width, height, painted in found if painted == 1.0] if found else []


def test_chromium_shows_a_failing_students_page_with_decoded_plots(graded, browser, tmp_path):
    """In headless Chromium, does the transposed-Jacobian page show the total, the highlighted misconception
    and plots that decode, with no request beyond the file itself?"""
    course, out, _ = graded
    page, requested = open_page(browser, out / TRANSPOSED / FEEDBACK)
    data = results_of(out, TRANSPOSED)
    assert page.inner_text("h1") == f"Feedback for {TRANSPOSED}"
    assert page.inner_text("#total") == f"{data['score']:g} / {data['extra_data']['max_score']:g} points"
    highlighted = page.locator(".misconception").first
    assert highlighted.is_visible()
    assert messages(course)[("polar_jacobian", "transposed")] in highlighted.inner_text()
    assert page.locator("#scores tr.part").count() == len(data["tests"])
    images = decoded_images(page)
    assert len(images) == page.locator("img").count() >= 1
    assert all(width > 0 and height > 0 for width, height in images), images
    assert all(url.startswith(("file:", "data:")) for url in requested), requested
    shot = tmp_path / "feedback.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    page.close()


def test_chromium_shows_the_class_report_with_decoded_charts(graded, browser, tmp_path):
    """In headless Chromium, does the report show its charts (decoded), the pass-rate table, the misconceptions
    and the crashed submissions, each student linking to an existing page?"""
    course, out, result = graded
    page, requested = open_page(browser, out / REPORT)
    images = decoded_images(page)
    assert len(images) == 2 and all(width > 0 and height > 0 for width, height in images), images
    assert page.locator("#parts tbody tr").count() == sum(len(e.parts) for e in course.exercises)
    assert "polar_jacobian.transposed" in page.inner_text("#misconception-table")
    assert "lea_infinite_loop" in page.inner_text("#attention-table")
    links = page.eval_on_selector_all("#student-table a", "links => links.map(a => a.href)")
    assert len(links) == len(result.rows)
    assert all(Path(link.removeprefix("file://")).is_file() for link in links)
    assert all(url.startswith(("file:", "data:")) for url in requested), requested
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    page.close()


def test_the_screenshot_command_writes_a_png(graded, browser, tmp_path, root):
    """Does `jackit screenshot PAGE --out PNG` (what `make demo` calls) write a PNG of the page?"""
    _, out, _ = graded
    png = tmp_path / "shots" / "report.png"
    ran = subprocess.run([sys.executable, "-m", "jackit", "screenshot", str(out / REPORT), "--out", str(png)],
                         capture_output=True, text=True, timeout=120, cwd=root)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
