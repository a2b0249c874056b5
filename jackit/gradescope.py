"""Gradescope: build autograder.zip, and grade one submission inside Gradescope's container.

Gradescope's documented layout: the zip is unpacked into /autograder/source, `setup.sh` runs
once when the image is built, `run_autograder` runs per submission with the student's files in
/autograder/submission and must write /autograder/results/results.json. The zip carries the
course (course.toml, solutions/, autograder/), jackit's source (installed by setup.sh) and the
instructor secret, so per-student inputs match `jackit grade` with the same secret.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from jackit.course import Course

SETUP_SH = """#!/usr/bin/env bash
# Runs once when Gradescope builds the autograder image (Ubuntu, as root).
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pip python3-venv bubblewrap
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet /autograder/source/jackit-src
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Runs once per submission: grade /autograder/submission into /autograder/results/results.json.
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${JACKIT_PYTHON:-$ROOT/venv/bin/python}"
mkdir -p "$ROOT/results"
exec "$PYTHON" -m jackit gradescope run --root "$ROOT"
"""

COURSE_PARTS = ("course.toml", "solutions", "autograder", "exercises")
JACKIT_PARTS = ("jackit", "pyproject.toml", "README.md")


def build_autograder_zip(*, course: Course, out: Path, secret: bytes) -> Path:
    """Write Gradescope's autograder.zip for `course`."""
    root = course.root
    jackit_root = Path(__file__).resolve().parent.parent
    out.parent.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "nbgrader")  # nbgrader's folders may hold student data
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        for name in COURSE_PARTS:
            _copy(root / name, staging / "course" / name, ignore)
        for name in JACKIT_PARTS:
            _copy(jackit_root / name, staging / "jackit-src" / name, ignore)
        (staging / "course" / ".jackit").mkdir()
        (staging / "course" / ".jackit" / "secret").write_bytes(secret + b"\n")
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
            (staging / name).write_text(text)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(staging.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo(str(path.relative_to(staging)))
                    info.external_attr = (0o755 if path.name in ("setup.sh", "run_autograder") else 0o644) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes())
    return out


def _copy(source: Path, target: Path, ignore) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, ignore=ignore)
    elif source.is_file():
        shutil.copy(source, target)


def student_id(root: Path) -> str:
    """The student's id from Gradescope's submission_metadata.json (falls back to 'submission')."""
    try:
        metadata = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        users = metadata.get("users") or [{}]
        return str(users[0].get("email") or users[0].get("name") or metadata.get("id") or "submission")
    except (OSError, ValueError, AttributeError, IndexError):
        return "submission"


def run_in_gradescope(*, root: Path) -> dict:
    """Grade root/submission with the course in root/source/course; write root/results/results.json."""
    from jackit.course import load_course
    from jackit.engine import Sandbox
    from jackit.grading.hidden import collect_suite
    from jackit.grading.results import write_json_atomic
    from jackit.grading.runner import grade_submission
    from jackit.grading.seeds import load_secret
    from jackit.grading.submissions import SubmissionError, discover, safe_student_id

    course = load_course(root / "source" / "course" / "course.toml")
    results = root / "results" / "results.json"
    try:
        [submission] = discover([root / "submission"], course, workdir=Path(tempfile.mkdtemp()))
    except (SubmissionError, ValueError) as err:
        data = {"score": 0, "output": f"Nothing to grade: {err}", "tests": []}
        write_json_atomic(results, data)
        return data
    sandbox = Sandbox(course.limits, slot=None)
    try:
        result = grade_submission(course=course, suite=collect_suite(course), submission=submission.folder,
                                  student=safe_student_id(student_id(root)),
                                  secret=load_secret(course.root / ".jackit" / "secret"), sandbox=sandbox)
    finally:
        sandbox.close()
    data = result.to_gradescope()
    write_json_atomic(results, data)
    return data
