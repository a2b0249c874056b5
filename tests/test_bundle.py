"""The student bundle (`jackit release --bundle`): what students receive, that it leaks nothing, and that
it works in a fresh virtual environment outside the repository.

The bundle is built once per module, by the CLI, from a copy of the course holding a planted
instructor secret (~6 s: the wheel is built with pip). The leak tests search every file of the bundle,
the members of the jackit wheel included. The set-up test (~40-70 s, most of it pip installing numpy,
sympy and pytest from PyPI or its cache) runs the bundle's own `sh setup.sh`.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from jackit.bundle import BundleError, read_bundle, release_bundle, student_files
from jackit.course import load_course
from jackit.public_course import PUBLIC_EXERCISE_KEYS
from jackit.release import BEGIN, END, make_stub, solution_lines

PLANTED_SECRET = "f3a9c1d07b2e4e6a9d8c5b4a3f2e1d0c-planted-instructor-secret"
COURSE_PARTS = ("course.toml", "solutions", "autograder", "exercises")
SCRATCH = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", ".pytest_cache")
DATA_SUFFIXES = (".npy", ".npz", ".pkl", ".pickle", ".h5", ".hdf5", ".parquet", ".joblib")


def run(command, *, cwd, env=None, timeout=600):
    return subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


# --- fixtures: the course copy and its bundle, built once -----------------------------------------

@pytest.fixture(scope="module")
def course_copy(root, tmp_path_factory):
    """A copy of the course (course.toml, solutions/, autograder/, exercises/) with an instructor
    secret and a student's hint state planted in .jackit/."""
    target = tmp_path_factory.mktemp("course")
    for name in COURSE_PARTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=SCRATCH)
        else:
            shutil.copy(source, target / name)
    (target / ".jackit").mkdir()
    (target / ".jackit" / "secret").write_text(PLANTED_SECRET + "\n")
    (target / ".jackit" / "hints.json").write_text('{"polar_jacobian": 3}')
    return load_course(target / "course.toml")


@pytest.fixture(scope="module")
def bundle(course_copy, tmp_path_factory):
    """`jackit release --bundle X.zip --bundle-dir DIR` on the course copy: (the zip, the folder)."""
    out = tmp_path_factory.mktemp("bundle")
    zip_path, folder = out / "jackit-student.zip", out / "folder"
    ran = run([sys.executable, "-m", "jackit", "release", "--course", course_copy.path,
               "--bundle", zip_path, "--bundle-dir", folder], cwd=out)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert zip_path.is_file() and (folder / "setup.sh").is_file() and "give it to your students" in ran.stdout
    return zip_path, folder


@pytest.fixture(scope="module")
def zip_members(bundle) -> dict[str, bytes]:
    """Every member of the bundle zip, read here without jackit's help, by its full name."""
    with zipfile.ZipFile(bundle[0]) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


@pytest.fixture(scope="module")
def every_file(zip_members) -> dict[str, bytes]:
    """The bundle's files, and the members of every wheel in it as '<wheel>!/<member>'."""
    files = dict(zip_members)
    for name, data in zip_members.items():
        if name.endswith(".whl"):
            with zipfile.ZipFile(io.BytesIO(data)) as wheel:
                files.update({f"{name}!/{member}": wheel.read(member) for member in wheel.namelist()})
    return files


def lines_of(name: str, data: bytes) -> set[str]:
    """Stripped lines of a file, and of a notebook's cell sources."""
    text = data.decode("utf-8", errors="replace")
    lines = {line.strip() for line in text.splitlines()}
    if name.endswith(".ipynb"):
        for cell in json.loads(text)["cells"]:
            lines |= {line.strip() for line in "".join(cell["source"]).splitlines()}
    return lines


def public_lines(course) -> set[str]:
    """Lines students see anyway: the generated stubs, the public tests, jackit's own modules."""
    import jackit

    public = set()
    for exercise in course.exercises:
        public |= {l.strip() for l in make_stub(exercise.solution.read_text(), exercise=exercise.name).splitlines()}
        public |= {l.strip() for l in exercise.public_test.read_text().splitlines()}
    for module in Path(jackit.__file__).resolve().parent.rglob("*.py"):
        public |= {l.strip() for l in module.read_text().splitlines()}
    return public


def solution_secrets(course) -> set[str]:
    lines = {line for e in course.exercises for line in solution_lines(e.solution.read_text())}
    return lines - public_lines(course)


def hits(files: dict[str, bytes], secrets: set[str]) -> list[str]:
    return sorted(f"{name}: {line!r}" for name, data in files.items() for line in lines_of(name, data) & secrets)


# --- what students receive -------------------------------------------------------------------------

def test_the_zip_holds_the_student_release_under_one_folder(bundle, zip_members, course_copy):
    """Does the zip hold, under one top folder, the README, setup.sh, pytest.ini, course.toml, every stub,
    every public test, every generated notebook (not their sources) and one jackit wheel?"""
    top = {name.split("/")[0] for name in zip_members}
    assert top == {"jackit-student"}
    names = {name.removeprefix("jackit-student/") for name in zip_members}
    expected = {"README.md", "setup.sh", "pytest.ini", "course.toml", "exercises/tests/conftest.py"}
    for exercise in course_copy.exercises:
        expected |= {f"exercises/{exercise.name}.py", f"exercises/tests/test_{exercise.name}.py"}
    notebooks = course_copy.root / "exercises" / "notebooks"
    expected |= {f"exercises/notebooks/{nb.name}" for nb in notebooks.glob("*.ipynb")}
    wheels = {name for name in names if name.startswith("wheels/")}
    assert len(wheels) == 1 and re.fullmatch(r"wheels/jackit-[\w.]+-py3-none-any\.whl", wheels.pop())
    assert names - {n for n in names if n.startswith("wheels/")} == expected
    assert not any("notebooks/src" in name for name in names)
    with zipfile.ZipFile(bundle[0]) as archive:
        assert archive.getinfo("jackit-student/setup.sh").external_attr >> 16 & 0o111, "setup.sh is not executable"


def test_the_folder_form_holds_the_same_files(bundle):
    """Does --bundle-dir write exactly the files of the zip, setup.sh executable?"""
    zip_path, folder = bundle
    assert read_bundle(folder) == read_bundle(zip_path)
    assert os.access(folder / "setup.sh", os.X_OK)


def test_stubs_and_public_tests_are_the_course_files(bundle, course_copy):
    """Are the bundle's stubs and public tests byte for byte the course's exercises/ files?"""
    files = read_bundle(bundle[0])
    for exercise in course_copy.exercises:
        assert files[f"exercises/{exercise.name}.py"] == exercise.stub.read_bytes()
        assert files[f"exercises/tests/test_{exercise.name}.py"] == exercise.public_test.read_bytes()


def test_the_course_file_is_public_and_loads_without_exercise_files(bundle, course_copy, tmp_path):
    """Does the bundle's course.toml load with check_files=False, give every exercise the same title,
    points, hints, tolerances, requirements and limits, and hold only the public keys?"""
    path = tmp_path / "course.toml"
    path.write_bytes(read_bundle(bundle[0])["course.toml"])
    public = load_course(path, check_files=False)
    assert (public.name, public.title, public.version, public.seeds, public.limits) == \
        (course_copy.name, course_copy.title, course_copy.version, course_copy.seeds, course_copy.limits)
    for mine, theirs in zip(public.exercises, course_copy.exercises, strict=True):
        assert (mine.name, mine.title, dict(mine.parts), mine.hints, mine.tolerances, mine.requires, mine.limits) \
            == (theirs.name, theirs.title, dict(theirs.parts), theirs.hints, theirs.tolerances, theirs.requires,
                theirs.limits)
    raw = tomllib.loads(path.read_text())
    assert set(raw) == {"format_version", "course", "defaults", "exercises"}
    assert set(raw["defaults"]) <= {"tolerance", "limits", "seeds"}
    assert all(set(entry) <= set(PUBLIC_EXERCISE_KEYS) for entry in raw["exercises"])
    assert "visibility" not in path.read_text()


def test_the_readme_says_how_to_set_up_check_ask_for_hints_and_submit(bundle, course_copy):
    """Does the README name the set-up command, the JupyterLab command, the self-checks, the hints and
    submit, and every exercise?"""
    files = read_bundle(bundle[0])
    readme = files["README.md"].decode()
    wheel = next(name for name in files if name.startswith("wheels/")).removeprefix("wheels/")
    for command in ("sh setup.sh", "sh setup.sh --notebook", "jackit lab", "pytest exercises/", "jackit check",
                    "jackit hint", "jackit submit", "source .venv/bin/activate", wheel):
        assert command in readme, command
    assert all(f"`{e.name}`" in readme for e in course_copy.exercises)
    assert f"wheels/{wheel}" in files["setup.sh"].decode()


# --- what the bundle must never carry ------------------------------------------------------------

def test_no_file_comes_from_solutions_or_autograder(every_file, course_copy):
    """Is no file of the bundle (or of its wheel) a file of solutions/ or autograder/, by path or by
    content? (autograder/nbgrader/ holds nbgrader's copy of the student release, and is left out.)"""
    root = course_copy.root
    secret_files = [p for folder in ("solutions", "autograder") for p in (root / folder).rglob("*")
                    if p.is_file() and p.stat().st_size and "nbgrader" not in p.relative_to(root).parts]
    assert len(secret_files) >= 2 * len(course_copy.exercises)
    contents = {p.read_bytes(): p for p in secret_files}
    for name, data in every_file.items():
        inner = name.split("!/")[-1]
        assert not re.search(r"(^|/)(solutions|autograder)/", inner.removeprefix("jackit-student/")), name
        assert data not in contents, f"{name} is {contents.get(data)}"


def test_no_line_of_a_solution_region_is_shipped(every_file, course_copy):
    """Does no file of the bundle (wheel members included) hold a code line of a solution region that is
    public nowhere else (in a stub, a public test or jackit's own modules)?"""
    secrets = solution_secrets(course_copy)
    assert len(secrets) >= 50  # the search below has something to find
    assert hits(every_file, secrets) == []


def test_the_solution_search_would_notice_a_solution(every_file, course_copy):
    """Would the same search notice a solution module, or a notebook cell holding solution code, had one
    slipped into the bundle?"""
    secrets = solution_secrets(course_copy)
    solution = course_copy.exercises[0].solution.read_bytes()
    line = sorted(line for line in solution_lines(solution.decode()) if line in secrets)[0]
    notebook = json.dumps({"cells": [{"cell_type": "code", "source": [f"    {line}\n"]}]}).encode()
    planted = {**every_file, "jackit-student/exercises/extra.py": solution,
               "jackit-student/exercises/notebooks/extra.ipynb": notebook}
    found = hits(planted, secrets)
    assert any(h.startswith("jackit-student/exercises/extra.py:") for h in found)
    assert any(h.startswith("jackit-student/exercises/notebooks/extra.ipynb:") for h in found)


def test_no_solution_marker_in_a_student_file(zip_members):
    """Does no student file (outside the wheel, whose jackit.release documents them) carry a
    BEGIN SOLUTION / END SOLUTION marker?"""
    for name, data in zip_members.items():
        if not name.endswith(".whl"):
            assert not any(BEGIN.match(line) or END.match(line) for line in lines_of(name, data)), name


def test_no_hidden_test_source_is_shipped(every_file, course_copy):
    """Does no file of the bundle hold a hidden test's name, or a line of a hidden test file (40
    characters or more, not an import of a public module) that is public nowhere else?"""
    hidden_names, public_names = set(), set()
    for path in sorted((course_copy.root / "autograder").glob("test_*.py")):
        hidden_names |= {n.name for n in ast.parse(path.read_text()).body if isinstance(n, ast.FunctionDef)}
    for path in sorted((course_copy.root / "exercises" / "tests").glob("test_*.py")):
        public_names |= {n.name for n in ast.parse(path.read_text()).body if isinstance(n, ast.FunctionDef)}
    names = {n for n in hidden_names - public_names if n.startswith("test_")}
    lines = {line.strip() for path in (course_copy.root / "autograder").glob("test_*.py")
             for line in path.read_text().splitlines()
             if len(line.strip()) >= 40 and not line.startswith(("import ", "from "))} - public_lines(course_copy)
    assert len(names) >= 30 and len(lines) >= 300
    texts = {name: data.decode("utf-8", errors="replace") for name, data in every_file.items()}
    assert [f"{f}: {n}" for f, text in texts.items() for n in names if n in text] == []
    assert hits(every_file, lines) == []


def test_no_instructor_secret_and_no_workspace_state(every_file, root):
    """Is the instructor secret (planted in the course copy's .jackit/secret, and the repository's own if
    it has one) in no file, and is no .jackit/ file shipped?"""
    secrets = [PLANTED_SECRET.encode()]
    if (root / ".jackit" / "secret").is_file():
        secrets.append((root / ".jackit" / "secret").read_bytes().strip())
    for name, data in every_file.items():
        assert ".jackit/" not in name and not name.endswith("/secret"), name
        assert not any(secret in data for secret in secrets), name


def test_no_reference_values(every_file):
    """Does the bundle hold no data file and no notebook output (values a solution computed)?"""
    for name, data in every_file.items():
        assert not name.lower().endswith(DATA_SUFFIXES), name
        if name.endswith(".ipynb"):
            for cell in json.loads(data)["cells"]:
                assert not cell.get("outputs") and cell.get("execution_count") is None, name


def test_the_wheel_holds_the_jackit_package_only(every_file):
    """Does the wheel hold jackit/ and its dist-info only, with the `jackit` command?"""
    members = [name.split("!/")[1] for name in every_file if "!/" in name]
    tops = {member.split("/")[0] for member in members}
    assert "jackit" in tops and all(t == "jackit" or re.fullmatch(r"jackit-[\w.]+\.dist-info", t) for t in tops)
    assert "jackit/cli.py" in members and "jackit/selfcheck.py" in members
    entry_points = next(data for name, data in every_file.items() if name.endswith("entry_points.txt"))
    assert b"jackit = jackit.cli:main" in entry_points


# --- refusals ---------------------------------------------------------------------------------------

@pytest.fixture
def fake_wheel(tmp_path):
    """A stand-in jackit wheel (the refusals below are decided before the wheel matters)."""
    path = tmp_path / "wheels" / "jackit-0.0.0-py3-none-any.whl"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr("jackit/__init__.py", "")
        wheel.writestr("jackit-0.0.0.dist-info/METADATA", "Name: jackit\n")
    return path


def test_a_stale_stub_is_refused(tiny_course, fake_wheel, tmp_path):
    """Is a bundle refused, naming the stub and `jackit release`, when a stub is out of date?"""
    course = load_course(tiny_course)
    course.exercises[0].solution.write_text(course.exercises[0].solution.read_text().replace("multiply", "times"))
    with pytest.raises(BundleError, match=r"exercises/scale\.py is out of date .*jackit release"):
        release_bundle(course=course, zip_path=tmp_path / "out.zip", wheel=fake_wheel)
    assert not (tmp_path / "out.zip").exists()


@pytest.mark.parametrize("cell, problem", [
    ("    ### BEGIN SOLUTION\n    return a * np.eye(n)\n    ### END SOLUTION\n", "a solution marker"),
    ("    return a * np.eye(n)\n", "a line of a solution region"),
])
def test_a_notebook_with_solution_code_is_refused(tiny_course, fake_wheel, tmp_path, cell, problem):
    """Is a bundle refused, naming the notebook and the line, when a notebook holds solution code?"""
    course = load_course(tiny_course)
    notebook = course.root / "exercises" / "notebooks" / "scale.ipynb"
    notebook.parent.mkdir()
    notebook.write_text(json.dumps({"cells": [{"cell_type": "code", "source": ["import numpy as np\n", cell]}]}))
    with pytest.raises(BundleError, match=rf"exercises/notebooks/scale\.ipynb, cell 1 line \d: {problem}"):
        release_bundle(course=course, folder=tmp_path / "out", wheel=fake_wheel)


def test_notebook_sources_are_never_shipped(tiny_course, fake_wheel, tmp_path):
    """Are the notebook sources (exercises/notebooks/src/) left out, generated notebooks kept?"""
    course = load_course(tiny_course)
    notebooks = course.root / "exercises" / "notebooks"
    (notebooks / "src").mkdir(parents=True)
    (notebooks / "src" / "scale.py").write_text("# %%\nimport numpy as np\n")
    from jackit.notebooks import expected_notebooks
    for path, text in expected_notebooks(course).items():
        path.write_text(text)
    release_bundle(course=course, folder=tmp_path / "out", wheel=fake_wheel)
    assert (tmp_path / "out" / "exercises" / "notebooks" / "scale.ipynb").is_file()
    assert not (tmp_path / "out" / "exercises" / "notebooks" / "src").exists()


def test_a_wheel_with_more_than_jackit_is_refused(tiny_course, fake_wheel, tmp_path):
    """Is a wheel holding anything beside the jackit package (solutions/, say) refused?"""
    with zipfile.ZipFile(fake_wheel, "a") as wheel:
        wheel.writestr("solutions/scale.py", "")
    with pytest.raises(BundleError, match="solutions/scale.py: the wheel must hold the jackit package only"):
        release_bundle(course=load_course(tiny_course), zip_path=tmp_path / "out.zip", wheel=fake_wheel)


def test_a_non_empty_folder_is_refused(tiny_course, fake_wheel, tmp_path):
    """Is --bundle-dir refused on a folder that already holds files (stale files would mix in)?"""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.py").write_text("")
    with pytest.raises(BundleError, match="not an empty folder"):
        release_bundle(course=load_course(tiny_course), folder=tmp_path / "out", wheel=fake_wheel)


# --- the same student files as nbgrader's release -------------------------------------------------

def test_nbgrader_release_carries_the_same_student_files(bundle, course_copy):
    """Does nbgrader's assignment (jackit.nbgrader_source) carry the bundle's course.toml, stubs and public
    tests byte for byte? (Its notebooks are <name>.ipynb with grade cells, by design not the bundle's.)"""
    nbgrader_source = pytest.importorskip("jackit.nbgrader_source")
    assignment = nbgrader_source.default_target(course_copy) / "source" / nbgrader_source.assignment_name(course_copy)
    theirs = {path.relative_to(assignment).as_posix(): data if isinstance(data, bytes) else data.encode()
              for path, data in nbgrader_source.expected_files(course_copy).items() if assignment in path.parents}
    ours = student_files(read_bundle(bundle[0]))

    def shared(files: dict[str, bytes]) -> dict[str, bytes]:
        return {name: data for name, data in files.items() if not name.startswith("exercises/notebooks/")
                and (name == "course.toml" or name.startswith("exercises/"))}

    assert len(shared(ours)) == 2 * len(course_copy.exercises) + 2  # course.toml, conftest.py
    assert shared(theirs) == shared(ours)


# --- the bundle in a fresh virtual environment, outside the repository --------------------------

def student_env(workspace: Path) -> dict[str, str]:
    """The environment of a student's shell: no trace of the repository or of its virtual environment."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JACKIT_PACKAGE", "PYTEST_ADDOPTS")}
    env["PATH"] = os.pathsep.join([str(workspace / ".venv" / "bin"), *(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(Path(sys.prefix))))])
    env["PYTHON"] = shutil.which("python3.11") or sys.executable
    return env


def test_the_bundle_works_in_a_fresh_environment(bundle, course_copy, root, tmp_path):
    """In a folder outside the repository: does `sh setup.sh` install jackit from the bundle's wheel, do
    `pytest exercises/` report every exercise as "TODO(<name>): not implemented yet", do `jackit check`
    and `jackit hint` work, and, once the solutions are copied over the stubs, does everything pass and
    `jackit submit` pack the modules?"""
    assert root not in tmp_path.parents
    with zipfile.ZipFile(bundle[0]) as archive:
        archive.extractall(tmp_path)
    workspace = tmp_path / "jackit-student"
    env = student_env(workspace)
    bin_dir = workspace / ".venv" / "bin"

    setup = run(["sh", "setup.sh"], cwd=workspace, env=env, timeout=900)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    where = run([bin_dir / "python", "-c", "import jackit; print(jackit.__file__)"], cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(workspace / ".venv"), where.stdout + where.stderr

    selfcheck = run([bin_dir / "pytest", "exercises/"], cwd=workspace, env=env)
    assert selfcheck.returncode == 1, selfcheck.stdout + selfcheck.stderr
    failed = int(re.search(r"(\d+) failed", selfcheck.stdout)[1])
    todos = re.findall(r"^TODO\((\w+)\): not implemented yet", selfcheck.stdout, re.M)
    assert len(todos) == failed and set(todos) == {e.name for e in course_copy.exercises}
    assert " passed" not in selfcheck.stdout.splitlines()[-1]

    check = run([bin_dir / "jackit", "check"], cwd=workspace, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("not started") == len(course_copy.exercises)
    first = course_copy.exercises[0]
    hint = run([bin_dir / "jackit", "hint", first.name], cwd=workspace / "exercises", env=env)
    assert hint.returncode == 0 and f"Hint 1/{len(first.hints)} for {first.name}" in hint.stdout, hint.stderr
    assert first.hints[0].split()[0] in hint.stdout

    for exercise in course_copy.exercises:
        shutil.copy(exercise.solution, workspace / "exercises" / f"{exercise.name}.py")
    solved = run([bin_dir / "pytest", "exercises/"], cwd=workspace, env=env)
    assert solved.returncode == 0 and "failed" not in solved.stdout, solved.stdout[-3000:]
    check = run([bin_dir / "jackit", "check"], cwd=workspace, env=env)
    assert check.returncode == 0 and check.stdout.count(" done ") == len(course_copy.exercises), check.stdout

    submit = run([bin_dir / "jackit", "submit"], cwd=workspace, env=env)
    assert submit.returncode == 0, submit.stdout + submit.stderr
    with zipfile.ZipFile(workspace / "submission.zip") as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == \
            {f"{e.name}.py": e.solution.read_bytes() for e in course_copy.exercises}
