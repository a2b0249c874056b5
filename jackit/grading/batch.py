"""Grade a whole class: parallel sandboxes, atomic per-student results, resume, grades.csv."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from jackit.course import Course, load_course
from jackit.grading.hidden import HiddenSuite, collect_suite
from jackit.grading.results import write_json_atomic
from jackit.grading.runner import fingerprint, grade_submission
from jackit.grading.seeds import load_secret
from jackit.grading.submissions import Submission, discover
from jackit.render.feedback import FEEDBACK, write_feedback
from jackit.render.report import write_class_report

RESULTS = "results.json"


@dataclass(frozen=True)
class Row:
    """One student's line of the class table."""

    student: str
    total: float
    maximum: float
    exercises: dict[str, float]
    status: str
    """graded | resumed | error"""
    execution_time: float = 0.0
    message: str = ""


@dataclass
class ClassResult:
    course: Course
    out: Path
    rows: list[Row] = field(default_factory=list)
    sandbox: str = ""
    warning: str = ""
    seconds: float = 0.0

    @property
    def grades_csv(self) -> Path:
        return self.out / "grades.csv"


def default_secret_file(course: Course) -> Path:
    return course.root / ".jackit" / "secret"


def result_path(out: Path, student: str) -> Path:
    return out / student / RESULTS


def row_from_results(data: dict, status: str) -> Row:
    extra = data.get("extra_data", {})
    exercises: dict[str, float] = {}
    for test in data.get("tests", []):
        exercise = test["name"].split(" · ")[0]
        exercises[exercise] = round(exercises.get(exercise, 0.0) + float(test["score"]), 4)
    return Row(extra.get("student", "?"), float(data["score"]), float(extra.get("max_score", 0)), exercises,
               status, float(data.get("execution_time", 0.0)))


def resumable(out: Path, submission: Submission, course: Course) -> dict | None:
    """The stored result of a submission whose files have not changed, else None."""
    path = result_path(out, submission.student)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("extra_data", {}).get("fingerprint") != fingerprint(submission.folder, course):
        return None
    return data


# --- the grading process (one per job, each with its own sandbox slot) -------------------------

_WORKER: dict = {}


def load_selected(course_path, exercises: list[str] | None) -> Course:
    """The course, keeping only `exercises` (in course order) when given: one week's assignment."""
    course = load_course(course_path)
    if not exercises:
        return course
    unknown = [name for name in exercises if name not in {e.name for e in course.exercises}]
    if unknown:
        raise ValueError(f"no exercise named {unknown[0]!r} in {course.path} "
                         f"(known: {', '.join(e.name for e in course.exercises)})")
    return replace(course, exercises=tuple(e for e in course.exercises if e.name in exercises))


def _start_worker(course_path: str, secret: bytes, out: str, exercises: list[str] | None) -> None:
    from jackit.engine import Sandbox

    course = load_selected(course_path, exercises)
    _WORKER.update(course=course, suite=collect_suite(course), secret=secret, out=Path(out),
                   sandbox=Sandbox(course.limits, slot=None))  # the first slot no other grader holds


def _grade_one(submission: Submission) -> Row:
    w = _WORKER
    try:
        result = grade_submission(course=w["course"], suite=w["suite"], submission=submission.folder,
                                  student=submission.student, secret=w["secret"], sandbox=w["sandbox"])
    except Exception as err:  # an infrastructure failure: no result is written, so --resume retries it
        return Row(submission.student, 0.0, w["course"].points, {}, "error", 0.0, f"{type(err).__name__}: {err}")
    data = result.to_gradescope()
    # The page first: a results.json on disk (what --resume keeps) then always has its page beside it.
    write_feedback(result, w["out"] / submission.student / FEEDBACK, course=w["course"])
    write_json_atomic(result_path(w["out"], submission.student), data)
    return row_from_results(data, "graded")


def _sandbox_facts() -> tuple[str, str]:
    sandbox = _WORKER["sandbox"]
    return sandbox.level, getattr(sandbox, "warning", "") or ""


def grade_class(*, paths: list[Path], out: Path, course_path: Path, jobs: int = 1,
                exercises: list[str] | None = None,
                secret_file: Path | None = None, resume: bool = False,
                on_progress: Callable[[int, int, Row], None] | None = None) -> ClassResult:
    """Grade every submission under `paths` into `out` (one results.json per student, grades.csv)."""
    start = time.perf_counter()
    course = load_selected(course_path, exercises)
    secret_file = secret_file or default_secret_file(course)
    secret = load_secret(secret_file, create=secret_file == default_secret_file(course))
    out.mkdir(parents=True, exist_ok=True)
    unpacked = out / ".unpacked"
    shutil.rmtree(unpacked, ignore_errors=True)
    submissions = discover(paths, course, workdir=unpacked)
    result = ClassResult(course, out)
    todo: list[Submission] = []
    for submission in submissions:
        stored = resumable(out, submission, course) if resume else None
        if stored is not None:
            result.rows.append(row_from_results(stored, "resumed"))
        else:
            todo.append(submission)
    done = len(result.rows)
    total = len(submissions)

    def record(row: Row) -> None:
        nonlocal done
        done += 1
        result.rows.append(row)
        if on_progress:
            on_progress(done, total, row)

    jobs = max(1, min(jobs, len(todo) or 1))
    if jobs == 1:
        _start_worker(str(course.path), secret, str(out), exercises)
        try:
            result.sandbox, result.warning = _sandbox_facts()
            for submission in todo:
                record(_grade_one(submission))
        finally:
            _WORKER.pop("sandbox").close()
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                 initargs=(str(course.path), secret, str(out), exercises)) as pool:
            facts = pool.submit(_sandbox_facts)
            futures = [pool.submit(_grade_one, s) for s in todo]
            result.sandbox, result.warning = facts.result()
            for future in as_completed(futures):
                record(future.result())
    order = {s.student: i for i, s in enumerate(submissions)}
    result.rows.sort(key=lambda row: order.get(row.student, len(order)))
    write_grades_csv(result)
    write_class_report(course=course, out=out, rows=result.rows)  # from the results.json files: --resume too
    result.seconds = time.perf_counter() - start
    return result


def write_grades_csv(result: ClassResult) -> None:
    names = [e.name for e in result.course.exercises]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "total", "maximum", *names])
    for row in result.rows:
        writer.writerow([row.student, f"{row.total:g}", f"{row.maximum:g}",
                         *(f"{row.exercises.get(n, 0.0):g}" for n in names)])
    tmp = result.grades_csv.with_suffix(".csv.tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(tmp, result.grades_csv)
