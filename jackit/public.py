"""Run the public self-checks in a separate pytest process and read back every outcome.

Used by `jackit check` (a student's progress table) and `jackit dev check` (every stub fails,
every solution passes). The student's code runs in that pytest process, never in jackit's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from jackit.selfcheck import PACKAGE_ENV

OUTCOMES_ENV = "JACKIT_OUTCOMES_FILE"


@dataclass(frozen=True)
class PublicOutcome:
    exercise: str
    test: str
    question: str
    status: str
    """passed | failing | todo | error"""
    message: str


# --- the plugin loaded into the pytest subprocess (-p jackit.public) ---------------------------

_collected: list[dict] = []


def pytest_runtest_logreport(report):
    if report.when == "call" or (report.when == "setup" and not report.passed):
        exercise = Path(report.fspath).stem.removeprefix("test_")
        status = "passed" if report.passed else getattr(report, "jackit_status", "error")
        if report.skipped:
            status = "skipped"
        message = "" if report.passed else str(report.longrepr).strip()
        _collected.append({"exercise": exercise, "test": report.location[2], "status": status,
                           "message": message, "question": getattr(report, "jackit_question", "")})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    doc = (getattr(item.function, "__doc__", None) or "").strip().splitlines()
    outcome.get_result().jackit_question = doc[0] if doc else item.name


def pytest_sessionfinish(session):
    path = os.environ.get(OUTCOMES_ENV)
    if path:
        Path(path).write_text(json.dumps(_collected), encoding="utf-8")


# --- the caller's side -------------------------------------------------------------------------

def run_public_tests(*, tests_dir: Path, package: Path | None = None, names: list[str] | None = None,
                     timeout: float = 600) -> list[PublicOutcome]:
    """Run tests_dir/test_<name>.py (all, or those of `names`) against `package`."""
    files = [tests_dir / f"test_{n}.py" for n in names] if names else sorted(tests_dir.glob("test_*.py"))
    files = [f for f in files if f.is_file()]
    if not files:
        return []
    with tempfile.TemporaryDirectory(prefix="jackit-check-") as tmp:
        report = Path(tmp) / "outcomes.json"
        env = {**os.environ, OUTCOMES_ENV: str(report), "PYTHONDONTWRITEBYTECODE": "1"}
        if package is not None:
            env[PACKAGE_ENV] = str(package.resolve())
        command = [sys.executable, "-m", "pytest", "-q", "-p", "jackit.public", "-p", "no:cacheprovider",
                   "--import-mode=importlib", "--rootdir", str(tests_dir), "-c", os.devnull,
                   *map(str, files)]
        ran = subprocess.run(command, env=env, cwd=tests_dir, capture_output=True, text=True,
                             timeout=timeout, check=False)
        if not report.is_file():
            last = (ran.stdout + ran.stderr).strip().splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"pytest could not run {tests_dir}: {last[0]}")
        raw = json.loads(report.read_text(encoding="utf-8"))
    return [PublicOutcome(r["exercise"], r["test"], r["question"], r["status"], r["message"]) for r in raw]
