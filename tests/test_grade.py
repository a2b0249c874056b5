"""`jackit grade`: full marks for the solutions, 0 for the stubs, Gradescope's schema, clear failures."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from jackit.grading.seeds import derive_seed

SECRET = "0123456789abcdef0123456789abcdef"


def jackit(*args, cwd, check=True, timeout=600):
    ran = subprocess.run([sys.executable, "-m", "jackit", *map(str, args)], cwd=cwd, capture_output=True,
                         text=True, timeout=timeout)
    if check:
        assert ran.returncode == 0, ran.stdout + ran.stderr
    return ran


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret"
    path.write_text(SECRET)
    return path


def results(out: Path, student: str) -> dict:
    return json.loads((out / student / "results.json").read_text())


def test_solutions_get_full_marks_and_stubs_zero(course, tmp_path, secret_file):
    """Does `jackit grade` give the solutions every point and the stubs 0, "not started" on every exercise?"""
    out = tmp_path / "out"
    jackit("grade", course.root / "solutions", course.root / "exercises", "--out", out,
           "--secret-file", secret_file, "--jobs", 2, cwd=course.root)
    perfect, stubs = results(out, "solutions"), results(out, "exercises")
    assert perfect["score"] == course.points == perfect["extra_data"]["max_score"]
    assert all(t["status"] == "passed" for t in perfect["tests"])
    assert stubs["score"] == 0
    for exercise in course.exercises:
        outputs = [t["output"] for t in stubs["tests"] if t["name"].startswith(f"{exercise.name} · ")]
        assert outputs and all(o == f"TODO({exercise.name}): not started" for o in outputs)


def test_results_follow_the_gradescope_schema(course, tmp_path, secret_file):
    """Does results.json carry score, execution_time, tests[name, number, score, max_score, status, output,
    visibility] and extra_data, and grades.csv one column per exercise?"""
    out = tmp_path / "out"
    jackit("grade", course.root / "solutions", "--out", out, "--secret-file", secret_file, "--jobs", 1,
           cwd=course.root)
    data = results(out, "solutions")
    assert isinstance(data["score"], (int, float)) and isinstance(data["execution_time"], (int, float))
    names = []
    for test in data["tests"]:
        assert set(test) >= {"name", "number", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in ("passed", "failed") and test["visibility"] in ("visible", "hidden",
                                                                                 "after_due_date", "after_published")
        names.append(test["name"])
    assert len(names) == len(set(names)) == sum(len(e.parts) for e in course.exercises)
    extra = data["extra_data"]
    assert extra["student"] == "solutions" and extra["sandbox"] and extra["course"] == course.name
    assert extra["jackit_version"] and extra["course_version"] == course.version
    with open(out / "grades.csv") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["student", "total", "maximum", *(e.name for e in course.exercises)]
    assert rows[1][:3] == ["solutions", f"{course.points:g}", f"{course.points:g}"]


def test_regrading_with_the_same_secret_reproduces_every_result(course, tmp_path, secret_file):
    """Do the same secret and submission give the same results, test by test?"""
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        jackit("grade", course.root / "solutions", "--out", out, "--secret-file", secret_file, "--jobs", 1,
               cwd=course.root)
    strip = lambda d: [(t["name"], t["score"], t["output"]) for t in d["tests"]]  # noqa: E731
    assert strip(results(first, "solutions")) == strip(results(second, "solutions"))


def test_seeds_depend_on_secret_student_and_test():
    """Does the per-student seed change with the secret, the student, the exercise and the test?"""
    base = derive_seed(b"secret", "ada", "polar_jacobian", "test_a")
    assert base == derive_seed(b"secret", "ada", "polar_jacobian", "test_a")
    others = [derive_seed(b"other", "ada", "polar_jacobian", "test_a"), derive_seed(b"secret", "ben", "polar_jacobian",
              "test_a"), derive_seed(b"secret", "ada", "newton", "test_a"), derive_seed(b"secret", "ada",
                                                                                         "polar_jacobian", "test_b")]
    assert base not in others and len(set(others)) == 4


def test_the_secret_appears_in_no_output(course, tmp_path, secret_file):
    """Is the instructor secret absent from every file written and from the terminal output?"""
    out = tmp_path / "out"
    ran = jackit("grade", course.root / "solutions", course.root / "exercises", "--out", out,
                 "--secret-file", secret_file, cwd=course.root)
    assert SECRET not in ran.stdout + ran.stderr
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(errors="replace"), path


@pytest.mark.parametrize("make_path, message", [
    (lambda tmp: tmp / "nowhere", "no such file or folder"),
    (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "looks like a submission"),
    (lambda tmp: (tmp / "notes.txt").write_text("hi") and tmp / "notes.txt", "not a folder or a .zip"),
])
def test_unusable_input_gives_one_line_and_status_2(course, tmp_path, make_path, message):
    """Does an unusable path exit 2 with one clear line, and write nothing?"""
    ran = jackit("grade", make_path(tmp_path), "--out", tmp_path / "out", cwd=course.root, check=False)
    assert ran.returncode == 2
    lines = [line for line in ran.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], ran.stderr


def test_a_broken_course_gives_one_line_and_status_2(course, tmp_path):
    """Does a broken course.toml exit 2 with the file and the key named?"""
    broken = tmp_path / "course.toml"
    broken.write_text(course.path.read_text().replace("format_version = 1", "format_version = 9"))
    ran = jackit("grade", course.root / "solutions", "--course", broken, "--out", tmp_path / "out",
                 cwd=course.root, check=False)
    assert ran.returncode == 2 and "format_version" in ran.stderr and str(broken) in ran.stderr


def test_zips_and_the_nbgrader_layout_are_found(course, tmp_path, secret_file):
    """Are a zip of exercises/ and nbgrader's submitted/<student>/<assignment>/ each graded under the student's id?"""
    classroom = tmp_path / "class"
    classroom.mkdir()
    with zipfile.ZipFile(classroom / "zoe.zip", "w") as archive:
        for module in (course.root / "solutions").glob("*.py"):
            archive.write(module, f"exercises/{module.name}")
        archive.writestr("../../escape.py", "print('never written')")
    nbgrader = tmp_path / "nbcourse" / "submitted" / "yan" / "ps1"
    shutil.copytree(course.root / "exercises", nbgrader, ignore=shutil.ignore_patterns("tests"))
    out = tmp_path / "out"
    jackit("grade", classroom, tmp_path / "nbcourse", "--out", out, "--secret-file", secret_file, cwd=course.root)
    assert results(out, "zoe")["score"] == course.points
    assert results(out, "yan")["score"] == 0
    assert not (tmp_path / "escape.py").exists() and not (out / "escape.py").exists()


def test_kill_and_resume_loses_nothing(course, tmp_path, secret_file):
    """After SIGKILL mid-batch, does --resume grade only what is missing, and regrade a changed submission?"""
    classroom = tmp_path / "class"
    for i in range(8):
        shutil.copytree(course.root / "solutions", classroom / f"s{i}")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "jackit", "grade", str(classroom), "--out", str(out),
               "--secret-file", str(secret_file), "--jobs", "1"]
    process = subprocess.Popen(command, cwd=course.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("*/results.json"))) < 2:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = {p.parent.name: p.stat().st_mtime_ns for p in out.glob("*/results.json")}
    assert 2 <= len(done_before) < 8, "the batch was not interrupted mid-way"
    for path in out.glob("*/results.json"):
        json.loads(path.read_text())  # every stored result is whole
    changed = sorted(done_before)[0]
    module = classroom / changed / f"{course.exercises[0].name}.py"
    module.write_text(module.read_text().replace("### BEGIN SOLUTION", "# edited\n    ### BEGIN SOLUTION", 1))
    jackit("grade", classroom, "--out", out, "--secret-file", secret_file, "--jobs", 1, "--resume", cwd=course.root)
    after = {p.parent.name: p.stat().st_mtime_ns for p in out.glob("*/results.json")}
    assert len(after) == 8
    for student, mtime in done_before.items():
        assert (after[student] != mtime) == (student == changed), student
