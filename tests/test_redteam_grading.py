"""Hostile and broken submissions, graded in ONE batch: each scores exactly what it must, and the
grader, the other students and the host survive.

Every case is the reference solutions with polar_jacobian.py changed (polar_jacobian's parts:
jacobian 3, determinant 2, symbolic 2, spherical 3), so the expected score is the course total
minus the points the change must cost. The engine-level red team is in tests/redteam/.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from jackit.grading.batch import grade_class

HOST_MARK = Path("/tmp/jackit-redteam-was-here")

# name: (code appended to polar_jacobian.py, or a function of the student folder; points lost)
CASES = {
    "syntax_error": ("\ndef polar_jacobian(r, theta)\n    return r\n", 10),
    "null_bytes": ("\n# \x00\n", 10),
    "missing_module": (lambda folder: (folder / "polar_jacobian.py").unlink(), 10),
    "missing_function": ("\ndel polar_area_element\n", 2),
    "raises_exception": ("\ndef polar_jacobian(r, theta):\n    raise ValueError('no idea')\n", 3),
    "returns_a_list": ("\n_right = polar_jacobian\ndef polar_jacobian(r, theta):\n"
                       "    return _right(r, theta).tolist()\n", 3),
    "wrong_shape": ("\n_right = polar_jacobian\ndef polar_jacobian(r, theta):\n"
                    "    return _right(r, theta)[..., None]\n", 3),
    "wrong_dtype": ("\n_right = polar_jacobian\ndef polar_jacobian(r, theta):\n"
                    "    return _right(r, theta).astype(np.float32)\n", 3),
    "returns_nan": ("\n_right = polar_jacobian\ndef polar_jacobian(r, theta):\n"
                    "    return _right(r, theta) * np.nan\n", 3),
    "always_equal": ("\nclass Anything:\n    def __eq__(self, other):\n        return True\n"
                     "    def __array__(self, *a, **k):\n        return np.zeros((2, 2))\n"
                     "def polar_jacobian(r, theta):\n    return Anything()\n", 3),
    "sys_exit_at_import": ("\nimport sys\nsys.exit(0)\n", 10),
    "os_exit_at_import": ("\nimport os\nos._exit(0)\n", 10),
    "sys_exit_in_call": ("\nimport sys\ndef polar_jacobian(r, theta):\n    sys.exit(0)\n", 3),
    "os_exit_in_call": ("\nimport os\ndef polar_jacobian(r, theta):\n    os._exit(0)\n", 3),
    "monkeypatch_numpy": ("\nnp.allclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None\n"
                          "np.linalg.norm = lambda *a, **k: 0.0\n"
                          "def polar_jacobian(r, theta):\n    return np.zeros(np.shape(r) + (2, 2))\n", 3),
    "monkeypatch_builtins": ("\nimport builtins\nbuiltins.isinstance = lambda *a: True\n"
                             "builtins.len = lambda *a: 0\n"
                             "def polar_jacobian(r, theta):\n    return np.zeros(np.shape(r) + (2, 2))\n", 3),
    "monkeypatch_jackit_checks": ("\nimport sys\nfor name in list(sys.modules):\n"
                                  "    if name.startswith('jackit'):\n"
                                  "        for attr in dir(sys.modules[name]):\n"
                                  "            if attr.startswith('check'):\n"
                                  "                setattr(sys.modules[name], attr, lambda *a, **k: None)\n"
                                  "def polar_jacobian(r, theta):\n    return np.zeros(np.shape(r) + (2, 2))\n", 3),
    "planted_conftest": (lambda folder: [
        (folder / "conftest.py").write_text("import pytest\n@pytest.hookimpl(tryfirst=True)\n"
                                            "def pytest_runtest_makereport(item, call):\n    pass\n"),
        (folder / "test_polar_jacobian.py").write_text("def test_x():\n    assert True\n")], 0),
    "forged_results": ("\nimport json, os\nfor target in ('results.json', '../results.json', '/tmp/results.json',"
                       " os.path.expanduser('~/results.json')):\n    try:\n"
                       "        open(target, 'w').write(json.dumps({'score': 1000}))\n"
                       "    except OSError:\n        pass\n", 0),
    "infinite_loop": ("\ndef polar_jacobian(r, theta):\n    while True:\n        pass\n", 3),
    "memory_bomb": ("\ndef polar_jacobian(r, theta):\n    hog = []\n    while True:\n"
                    "        hog.append(bytearray(2**26))\n", 3),
    "fork_bomb": ("\nimport os\ndef polar_jacobian(r, theta):\n    while True:\n        try:\n"
                  "            os.fork()\n        except OSError:\n            pass\n", 3),
    "output_flood": ("\n_right = polar_jacobian\ndef polar_jacobian(r, theta):\n    import sys\n"
                     "    for _ in range(200000):\n        sys.stdout.write('x' * 1000)\n"
                     "    return _right(r, theta)\n", 3),
    "writes_outside": (f"\n_right = polar_jacobian\ndef polar_jacobian(r, theta):\n"
                       f"    open({str(HOST_MARK)!r}, 'w').write('pwned')\n    return _right(r, theta)\n", 0),
    "reads_the_hidden_tests": ("\n_right = polar_jacobian\ndef polar_jacobian(r, theta):\n"
                               "    open(__COURSE__ + '/autograder/test_polar_jacobian.py').read()\n"
                               "    return _right(r, theta)\n", 3),
    "symlink_module": (lambda folder: (folder / "polar_jacobian.py").unlink()
                       or (folder / "polar_jacobian.py").symlink_to("/etc/passwd"), 10),
    "numpy_shadow": (lambda folder: (folder / "numpy.py").write_text("raise SystemExit('shadowed')\n"), 0),
}


@pytest.fixture(scope="module")
def batch(course, tmp_path_factory):
    """Every case graded in one batch of two parallel sandboxes."""
    HOST_MARK.unlink(missing_ok=True)
    classroom = tmp_path_factory.mktemp("redteam-class")
    for name, (change, _) in CASES.items():
        folder = classroom / name
        shutil.copytree(course.root / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
        if callable(change):
            change(folder)
        else:
            module = folder / "polar_jacobian.py"
            module.write_text(module.read_text() + change.replace("__COURSE__", repr(str(course.root))))
    shutil.copytree(course.root / "solutions", classroom / "zz_honest_student")
    secret = tmp_path_factory.mktemp("secret") / "secret"
    secret.write_text("red team secret, 32 characters long")
    out = tmp_path_factory.mktemp("redteam-out")
    result = grade_class(paths=[classroom], out=out, course_path=course.path, jobs=2, secret_file=secret)
    return result, out


@pytest.mark.parametrize("case", list(CASES))
def test_case_scores_exactly(case, batch, course):
    """Does each hostile or broken submission lose exactly the points of the tests it affects?"""
    result, out = batch
    row = next(r for r in result.rows if r.student == case)
    assert row.status == "graded", row.message
    assert row.total == course.points - CASES[case][1], json.dumps(
        [t for t in json.loads((out / case / "results.json").read_text())["tests"] if t["status"] == "failed"],
        indent=1)


def test_the_honest_student_after_the_red_team_gets_full_marks(batch, course):
    """Is a correct submission graded in the same batch, after every attack, still given every point?"""
    result, _ = batch
    assert next(r for r in result.rows if r.student == "zz_honest_student").total == course.points


def test_nothing_reached_the_host(batch, course):
    """Did no forged results.json or marker file appear outside the sandbox?"""
    result, out = batch
    assert not HOST_MARK.exists()
    assert not Path("/tmp/results.json").exists() or json.loads(Path("/tmp/results.json").read_text()) != {"score": 1000}
    for path in out.rglob("results.json"):
        assert json.loads(path.read_text()).get("score") != 1000


def test_every_failure_says_why_in_the_students_terms(batch):
    """Does each affected part's output give a one-line reason (never a traceback)?"""
    _, out = batch
    for case in CASES:
        for test in json.loads((out / case / "results.json").read_text())["tests"]:
            if test["status"] == "failed":
                assert test["output"].strip() and "Traceback" not in test["output"], (case, test)
