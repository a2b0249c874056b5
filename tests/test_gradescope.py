"""Gradescope: does the built autograder.zip grade a submission through its own run_autograder script?"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

from jackit.gradescope import build_autograder_zip

SECRET = b"gradescope test secret, 32 chars"


def simulated_autograder(course, tmp_path, submission_source):
    """An /autograder tree as Gradescope lays it out: source/ (the unpacked zip), submission/, results/."""
    bundle = build_autograder_zip(course=course, out=tmp_path / "autograder.zip", secret=SECRET)
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    shutil.copytree(submission_source, root / "submission", ignore=shutil.ignore_patterns("__pycache__", "tests"))
    (root / "submission_metadata.json").write_text(json.dumps({"id": 7, "users": [{"email": "ada@example.edu"}]}))
    return bundle, root


def run_autograder(root):
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "JACKIT_PYTHON": sys.executable}
    return subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=600)


def test_the_zip_follows_gradescopes_layout(course, tmp_path):
    """Does the zip hold setup.sh and an executable run_autograder at its root, the course and jackit's
    source, and nothing of nbgrader's working folders?"""
    bundle, _ = simulated_autograder(course, tmp_path, course.root / "solutions")
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        mode = archive.getinfo("run_autograder").external_attr >> 16
    assert {"setup.sh", "run_autograder", "course/course.toml", "jackit-src/pyproject.toml"} <= names
    assert mode & 0o111
    assert any(n.startswith("course/autograder/test_") for n in names)
    assert not any("/nbgrader/" in n for n in names)


def test_run_autograder_gives_the_solutions_full_marks(course, tmp_path):
    """Does run_autograder write /autograder/results/results.json with every point for the solutions,
    under the student's Gradescope e-mail?"""
    _, root = simulated_autograder(course, tmp_path, course.root / "solutions")
    ran = run_autograder(root)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    assert data["score"] == course.points
    assert data["extra_data"]["student"] == "ada@example.edu"
    assert SECRET.decode() not in json.dumps(data)


def test_run_autograder_gives_the_stubs_zero(course, tmp_path):
    """Does an unstarted submission get 0 with a results.json Gradescope can show?"""
    _, root = simulated_autograder(course, tmp_path, course.root / "exercises")
    ran = run_autograder(root)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    assert data["score"] == 0 and len(data["tests"]) == sum(len(e.parts) for e in course.exercises)
