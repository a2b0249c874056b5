"""`jackit submit`: the zip a student hands in, which `jackit grade` and the Gradescope bundle both take,
and the one-line refusals. The two grading tests cost ~6 s each (one sandboxed grading run)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from jackit.gradescope import build_autograder_zip, run_in_gradescope
from jackit.submit import MAX_MODULE_BYTES, SubmitError, find_release, pack_submission

SECRET = "0123456789abcdef0123456789abcdef"


def jackit(*args, cwd):
    return subprocess.run([sys.executable, "-m", "jackit", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture
def tiny_release(tiny_course) -> Path:
    """A release folder of the tiny course: course.toml and exercises/ (its solutions/ and autograder/
    removed, as in a student's copy)."""
    release = tiny_course.parent
    shutil.rmtree(release / "autograder")
    shutil.rmtree(release / "solutions")
    return release


@pytest.fixture
def solved_release(course, tmp_path) -> Path:
    """A release folder of the real course whose modules are the reference solutions."""
    release = tmp_path / "release"
    (release / "exercises").mkdir(parents=True)
    shutil.copy(course.path, release / "course.toml")
    for exercise in course.exercises:
        shutil.copy(exercise.solution, release / "exercises" / f"{exercise.name}.py")
    return release


def test_the_zip_holds_every_module_at_its_top_and_nothing_else(tiny_release):
    """Does the zip hold <name>.py of every exercise, as written, at its top level, and nothing else
    (not the self-checks, not the hint state)?"""
    (tiny_release / ".jackit").mkdir()
    (tiny_release / ".jackit" / "hints.json").write_text("{}")
    packed = pack_submission(release=tiny_release)
    assert packed.path == tiny_release / "submission.zip" and packed.modules == ("scale",)
    with zipfile.ZipFile(packed.path) as archive:
        assert archive.namelist() == ["scale.py"]
        assert archive.read("scale.py") == (tiny_release / "exercises" / "scale.py").read_bytes()


def test_the_same_modules_give_the_same_zip(tiny_release, tmp_path):
    """Do two submissions of the same files give byte-identical zips (no timestamps inside)?"""
    first = pack_submission(release=tiny_release, out=tmp_path / "a.zip").path.read_bytes()
    (tiny_release / "exercises" / "scale.py").touch()
    assert pack_submission(release=tiny_release, out=tmp_path / "b.zip").path.read_bytes() == first


def test_the_release_is_found_from_a_sub_folder(tiny_release):
    """Does `jackit submit` in exercises/tests/ find the release folder above it?"""
    assert find_release(tiny_release / "exercises" / "tests") == tiny_release.resolve()


@pytest.mark.parametrize("breakage, message", [
    (lambda r: (r / "course.toml").unlink(), "is not a jackit release: no course.toml"),
    (lambda r: shutil.rmtree(r / "exercises"), "is not a jackit release: no exercises/ folder"),
    (lambda r: (r / "exercises" / "scale.py").unlink(), "missing exercises/scale.py: every exercise is handed in"),
    (lambda r: (r / "exercises" / "scale.py").write_bytes(b"#" * (MAX_MODULE_BYTES + 1)),
     "exercises/scale.py is 1 MB: a module may be at most 1 MB"),
    (lambda r: (r / "course.toml").write_text("format_version = \n"), "course.toml: invalid TOML"),
])
def test_unusable_releases_are_refused_in_one_line(tiny_release, breakage, message):
    """Is each unusable release refused with one line saying what is wrong, and no zip written?"""
    breakage(tiny_release)
    with pytest.raises(SubmitError, match=message) as caught:
        pack_submission(release=tiny_release)
    assert "\n" not in str(caught.value)
    assert not (tiny_release / "submission.zip").exists()


def test_a_folder_outside_any_release_is_refused(tmp_path):
    """Does `jackit submit` outside a release exit with status 2 and one line saying so?"""
    ran = jackit("submit", cwd=tmp_path)
    assert ran.returncode == 2 and "is not a jackit release" in ran.stderr
    assert ran.stderr.strip().startswith("error:") and ran.stdout == ""


def test_the_command_writes_the_zip(tiny_release):
    """Does `jackit submit` in a release write submission.zip and say where?"""
    ran = jackit("submit", cwd=tiny_release / "exercises")
    assert ran.returncode == 0, ran.stderr
    assert "submission.zip" in ran.stdout and (tiny_release / "submission.zip").is_file()


def test_jackit_grade_gives_a_packed_solution_full_marks(course, solved_release, tmp_path):
    """Does `jackit grade` take the submission zip and give the solutions every point?"""
    packed = pack_submission(release=solved_release, out=tmp_path / "alice.zip")
    secret = tmp_path / "secret"
    secret.write_text(SECRET)
    ran = jackit("grade", packed.path, "--out", tmp_path / "out", "--secret-file", secret, "--jobs", 1,
                 cwd=course.root)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    results = json.loads((tmp_path / "out" / "alice" / "results.json").read_text())
    assert results["score"] == course.points


def test_gradescope_grades_the_unpacked_zip(course, solved_release, tmp_path):
    """Unpacked into /autograder/submission as Gradescope does, is the submission zip graded by the
    Gradescope bundle's run_autograder step with every point?"""
    root = tmp_path / "autograder"
    bundle = build_autograder_zip(course=course, out=tmp_path / "autograder.zip", secret=SECRET.encode())
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    packed = pack_submission(release=solved_release, out=tmp_path / "submission.zip")
    with zipfile.ZipFile(packed.path) as archive:
        archive.extractall(root / "submission")
    data = run_in_gradescope(root=root)
    assert data["score"] == course.points, data.get("output")
    assert json.loads((root / "results" / "results.json").read_text())["score"] == course.points
