"""nbgrader with jackit's bridge: the nbgrader course directory is generated from course.toml and in
sync, and the real nbgrader CLI (generate_assignment, autograde, generate_feedback, export) records
jackit's scores, whatever the students' notebooks do."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from jackit.course import Course, load_course
from jackit.nbgrader_source import expected_files, grade_id, release_files, stale_files, write_source
from jackit.bundle import BundleError, exercise_files, refuse_solution_code, secret_lines
from jackit.public_course import public_course_toml
from jackit.release import expected_stubs, solution_lines

SECRET = "0123456789abcdef0123456789abcdef"
ASSIGNMENT = "jackit"
MUTANTS = Path(__file__).resolve().parent / "mutants"
WORKFLOW_EXERCISES = ("polar_jacobian", "linear_map_jacobian", "sigmoid_backward", "newton")
NOT_INSTALLED = "nbgrader is not installed (pip install 'jackit[notebook]'): the nbgrader workflow is not tested"


def grade_cells(notebook: dict) -> list[dict]:
    return [cell for cell in notebook["cells"] if cell["metadata"].get("nbgrader", {}).get("grade")]


# --- the generated course directory (no nbgrader needed) ---------------------------------------


def test_the_nbgrader_source_is_in_sync_with_the_course(course):
    """Is autograder/nbgrader/ exactly what `jackit nbgrader source` writes from course.toml?"""
    stale = [str(path.relative_to(course.root)) for path in stale_files(course)]
    assert stale == [], f"stale nbgrader source (run `jackit nbgrader source`): {stale}"


def test_each_part_has_one_locked_grade_cell_worth_its_points(course):
    """Does every exercise notebook hold one locked code grade cell per course part, worth the part's
    points in course.toml, and no other nbgrader cell?"""
    files = expected_files(course)
    for exercise in course.exercises:
        notebook = json.loads(files[course.root / "autograder/nbgrader/source" / ASSIGNMENT /
                                    f"{exercise.name}.ipynb"].decode())
        marked = [cell for cell in notebook["cells"] if "nbgrader" in cell["metadata"]]
        assert marked == grade_cells(notebook)
        found = {cell["metadata"]["nbgrader"]["grade_id"]: cell["metadata"]["nbgrader"] for cell in marked}
        assert found.keys() == {grade_id(exercise.name, part) for part in exercise.parts}
        for part, points in exercise.parts.items():
            metadata = found[grade_id(exercise.name, part)]
            assert metadata["points"] == points and metadata["locked"] and not metadata["solution"]
        assert all(cell["cell_type"] == "code" and cell["outputs"] == [] for cell in marked)
    assert sum(len(e.parts) for e in course.exercises) == sum(
        len(grade_cells(json.loads(data))) for path, data in files.items() if path.suffix == ".ipynb")


def test_the_notebooks_are_valid_nbformat_4(course):
    """Does every generated notebook validate against the nbformat 4 schema?"""
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install 'jackit[notebook]')")
    for path, data in expected_files(course).items():
        if path.suffix == ".ipynb":
            nbformat.validate(nbformat.reads(data.decode(), as_version=4))


def test_the_source_holds_the_stubs_and_no_solution(course):
    """Are the exercise modules of the source assignment the stubs, and does the student bundle's leak
    check find no solution marker or solution line in it?"""
    files = release_files(course)
    stubs = expected_stubs(course)
    for exercise in course.exercises:
        assert files[f"exercises/{exercise.name}.py"].decode() == stubs[exercise.stub]
    refuse_solution_code(course, files)


def test_a_solution_line_in_the_source_is_refused(tiny_course, tmp_path):
    """Does write_source refuse, and write nothing, when a student file would carry a solution line?"""
    course = load_course(tiny_course)
    leaked = solution_lines(course.exercises[0].solution.read_text())[0]
    (course.root / "exercises" / "tests" / "notes.py").write_text(f"# the answer:\n{leaked}\n")
    with pytest.raises(BundleError, match="solution region"):
        write_source(course=course, target=tmp_path / "nbgrader")
    assert not (tmp_path / "nbgrader").exists()


def test_a_stale_source_is_noticed_and_rewritten(tiny_course, tmp_path):
    """Are an edited notebook and a leftover file noticed as stale, and does write_source repair both?"""
    course = load_course(tiny_course)
    target = tmp_path / "nbgrader"
    write_source(course=course, target=target)
    assert stale_files(course, target) == []
    notebook = target / "source" / "tiny" / "scale.ipynb"
    notebook.write_text(notebook.read_text().replace('"points": 2', '"points": 20'))
    leftover = target / "source" / "tiny" / "renamed_exercise.ipynb"
    leftover.write_text("{}")
    (target / "source" / "tiny" / "__pycache__").mkdir()
    (target / "source" / "tiny" / "__pycache__" / "x.pyc").write_bytes(b"")
    assert stale_files(course, target) == [notebook, leftover]
    changes = {change.path: change.status for change in write_source(course=course, target=target)}
    assert changes[notebook] == "updated" and changes[leftover] == "removed"
    assert stale_files(course, target) == []


# --- the nbgrader workflow, with the real nbgrader CLI -----------------------------------------

MARKER_CELL = 'open({marker!r}, "a").write("{student} ran a notebook cell\\n")\n'

CHEAT_CELLS = {
    "allclose_cheat": ("import numpy as np\n"
                       "np.allclose = lambda *args, **kwargs: True\n"
                       "np.testing.assert_allclose = lambda *args, **kwargs: None\n"),
    "transformer_cheat": ("import re\n"
                          "def full_marks(lines):\n"
                          "    points = re.search(r'\\((\\d+) points\\)', ''.join(lines))\n"
                          "    return [points.group(1) + '\\n'] if points else lines\n"
                          "get_ipython().input_transformers_post.append(full_marks)\n"),
    "exit_cheat": "import os\nos._exit(0)\n",
}


@dataclass
class Workflow:
    course: Course
    """The course of the workflow: WORKFLOW_EXERCISES of the repository's course."""
    course_dir: Path
    release: Path
    submitted: Path
    marker: Path
    runs: dict[str, subprocess.CompletedProcess]
    nbgrader_scores: dict[str, dict[str, float]]
    """student -> {"total": raw_score, "max": max_score, <exercise>: the notebook's score}"""
    jackit_scores: dict[str, dict[str, float]]
    """student -> {"total": ..., "max": ..., <exercise>: ...} from `jackit grade submitted/`"""


def run(command: list, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def nbgrader(*args, cwd: Path) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "nbgrader", *args], cwd)


def add_first_cell(notebook_path: Path, source: str) -> None:
    notebook = json.loads(notebook_path.read_text())
    notebook["cells"].insert(0, {"cell_type": "code", "id": "student-cell", "metadata": {},
                                 "execution_count": None, "outputs": [], "source": source})
    notebook_path.write_text(json.dumps(notebook))


def forge_full_marks(notebook_path: Path) -> None:
    """Saved outputs claiming every grade cell's points."""
    notebook = json.loads(notebook_path.read_text())
    for cell in grade_cells(notebook):
        cell["outputs"] = [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                            "data": {"text/plain": str(cell["metadata"]["nbgrader"]["points"])}}]
    notebook_path.write_text(json.dumps(notebook))


def delete_grade_cell(notebook_path: Path, cell_id: str) -> None:
    notebook = json.loads(notebook_path.read_text())
    notebook["cells"] = [c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") != cell_id]
    notebook_path.write_text(json.dumps(notebook))


def copy_grade_cells(notebook_path: Path) -> None:
    """A duplicated grade cell, and one with a made-up grade id and many points."""
    notebook = json.loads(notebook_path.read_text())
    first = grade_cells(notebook)[0]
    made_up = json.loads(json.dumps(first))
    made_up["metadata"]["nbgrader"].update(grade_id="extra-credit", points=100)
    notebook["cells"] += [dict(first, id="copy"), dict(made_up, id="made-up")]
    notebook_path.write_text(json.dumps(notebook))


def make_submissions(course, release: Path, submitted: Path, marker: Path, secret: Path) -> None:
    """Seven students, each a copy of the release changed the way its name says."""
    solutions = {e.name: e.solution.read_text() for e in course.exercises}

    def student(name: str, modules: dict[str, str]) -> Path:
        folder = submitted / name / ASSIGNMENT
        shutil.copytree(release, folder)
        for module, text in modules.items():
            (folder / "exercises" / f"{module}.py").write_text(text)
        return folder

    student("correct", solutions)
    careless = submitted / "correct" / ASSIGNMENT  # a full score despite a deleted cell and a renamed notebook
    delete_grade_cell(careless / "polar_jacobian.ipynb", grade_id("polar_jacobian", "jacobian"))
    (careless / "newton.ipynb").rename(careless / "newton-Copy1.ipynb")

    student("partial", {"polar_jacobian": solutions["polar_jacobian"],
                        "linear_map_jacobian": solutions["linear_map_jacobian"],
                        "sigmoid_backward": solutions["sigmoid_backward"] + "\n\n" +
                        (MUTANTS / "sigmoid_backward" / "jacobian_rows_filled.py").read_text()})
    broken = student("broken", {"polar_jacobian": solutions["polar_jacobian"] + "\ndef broken(:\n",
                                "newton": solutions["newton"]})
    copy_grade_cells(broken / "newton.ipynb")  # nbgrader alone stops on these: the submission gets no grade
    wrong = solutions["polar_jacobian"] + "\n\n" + (MUTANTS / "polar_jacobian" / "transposed.py").read_text()
    for name, modules in (("allclose_cheat", {"polar_jacobian": wrong}), ("transformer_cheat", {}),
                          ("exit_cheat", {"polar_jacobian": solutions["polar_jacobian"]})):
        folder = student(name, modules)
        for exercise in course.exercises:
            notebook = folder / f"{exercise.name}.ipynb"
            add_first_cell(notebook, CHEAT_CELLS[name] + MARKER_CELL.format(marker=str(marker), student=name))
            forge_full_marks(notebook)
    linked = student("symlink", {}) / "exercises"
    (linked / "polar_jacobian.py").unlink()
    (linked / "polar_jacobian.py").symlink_to(course.root / "solutions" / "polar_jacobian.py")
    (linked / "notes.txt").symlink_to(secret)


def read_exports(course, course_dir: Path, export: Path) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    scores: dict[str, dict[str, float]] = {}
    with open(export) as handle:
        for row in csv.DictReader(handle):
            scores[row["student_id"]] = {"total": float(row["raw_score"]), "max": float(row["max_score"])}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for exercise in course.exercises:
            for entry in gradebook.notebook_submission_dicts(exercise.name, ASSIGNMENT):
                scores[entry["student"]][exercise.name] = float(entry["score"])
    return scores


def read_jackit_grades(path: Path) -> dict[str, dict[str, float]]:
    with open(path) as handle:
        return {row.pop("student"): {("max" if k == "maximum" else k): float(v) for k, v in row.items()}
                for row in csv.DictReader(handle)}


def course_subset(course, names: tuple[str, ...], root: Path):
    """A copy of the course holding only the exercises `names`, with every file they use: the
    workflow's time then does not grow with the course (the tests above cover every exercise)."""
    header, *entries = course.path.read_text().split("\n[[exercises]]\n")
    kept = [entry for entry in entries if any(entry.startswith(f'name = "{name}"') for name in names)]
    assert len(kept) == len(names), f"not all of {names} are in course.toml"
    (root / "course.toml").parent.mkdir(parents=True)
    (root / "course.toml").write_text("\n[[exercises]]\n".join([header, *kept]))
    shared = ["exercises/tests/conftest.py"]
    for name in names:
        exercise = course.exercise(name)
        shared += [str(path.relative_to(course.root)) for path in exercise.files().values()]
        shared += [f"autograder/misconceptions/{name}.py", f"exercises/notebooks/src/{name}.py",
                   f"exercises/notebooks/{name}.ipynb"]
    for relative in shared:
        if (course.root / relative).is_file():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(course.root / relative, root / relative)
    return load_course(root / "course.toml")


@pytest.fixture(scope="module")
def workflow(course, tmp_path_factory) -> Workflow:
    """The whole nbgrader workflow in a temporary course directory, run once for the tests below."""
    pytest.importorskip("nbgrader", reason=NOT_INSTALLED)
    home = tmp_path_factory.mktemp("nbgrader")
    course = course_subset(course, WORKFLOW_EXERCISES, home / "repository")
    course_dir = home / "course"
    write_source(course=course, target=course_dir)
    secret = home / "secret"
    secret.write_text(SECRET)
    with open(course_dir / "nbgrader_config.py", "a") as config:  # what an instructor adds below configure()
        config.write(f"c.JackitPreprocessor.secret_file = {str(secret)!r}\n")
    runs = {"generate_assignment": nbgrader("generate_assignment", ASSIGNMENT, cwd=course_dir)}
    assert runs["generate_assignment"].returncode == 0, runs["generate_assignment"].stderr[-3000:]
    release, submitted, marker = course_dir / "release" / ASSIGNMENT, course_dir / "submitted", home / "ran"
    make_submissions(course, release, submitted, marker, secret)
    runs["autograde"] = nbgrader("autograde", ASSIGNMENT, cwd=course_dir)
    runs["generate_feedback"] = nbgrader("generate_feedback", ASSIGNMENT, cwd=course_dir)
    runs["export"] = nbgrader("export", "--to", home / "nbgrader.csv", cwd=course_dir)
    runs["jackit grade"] = run([sys.executable, "-m", "jackit", "grade", submitted, "--out", home / "jackit",
                                "--secret-file", secret, "--jobs", 2, "--course", course.path], cwd=home)
    return Workflow(course, course_dir, release, submitted, marker, runs,
                    read_exports(course, course_dir, home / "nbgrader.csv"),
                    read_jackit_grades(home / "jackit" / "grades.csv"))


def test_every_nbgrader_step_runs_to_the_end(workflow):
    """Do autograde, generate_feedback and export exit 0 for the whole class (os._exit in a notebook
    included), with an autograded notebook and a feedback page per student and exercise?"""
    course = workflow.course
    for step, ran in workflow.runs.items():
        assert ran.returncode == 0, f"{step}:\n{ran.stdout[-2000:]}\n{ran.stderr[-4000:]}"
    for student in workflow.jackit_scores:
        for exercise in course.exercises:
            if (student, exercise.name) == ("correct", "newton"):
                continue  # renamed by the student: scored from the .py, no notebook to show
            assert (workflow.course_dir / "autograded" / student / ASSIGNMENT / f"{exercise.name}.ipynb").is_file()
            assert (workflow.course_dir / "feedback" / student / ASSIGNMENT / f"{exercise.name}.html").is_file()


def test_the_release_holds_the_bundles_student_files_and_a_notebook_per_exercise(workflow):
    """Does the student release carry the student bundle's course.toml and exercises/ (the stubs, not
    the solutions; the public self-checks), and one notebook per exercise at its top?"""
    course = workflow.course
    released = {path.relative_to(workflow.release).as_posix(): path.read_bytes()
                for path in workflow.release.rglob("*") if path.is_file()}
    bundle = {"course.toml": public_course_toml(course).encode(),
              **{name: path.read_bytes() for name, path in exercise_files(course).items()}}
    expected = {name: data for name, data in bundle.items() if not name.endswith(".ipynb")}
    assert {name: data for name, data in released.items() if not name.endswith(".ipynb")} == expected
    assert {name for name in released if name.endswith(".ipynb")} == {f"{e.name}.ipynb" for e in course.exercises}
    stubs = expected_stubs(course)
    for exercise in course.exercises:
        assert released[f"exercises/{exercise.name}.py"].decode() == stubs[exercise.stub]


def test_nbgrader_records_jackits_scores_for_every_student(workflow):
    """Are the exported totals and every exercise's score in the gradebook exactly `jackit grade`'s?"""
    course = workflow.course
    assert workflow.nbgrader_scores.keys() == workflow.jackit_scores.keys() == {
        "correct", "partial", "broken", "allclose_cheat", "transformer_cheat", "exit_cheat", "symlink"}
    for student, expected in workflow.jackit_scores.items():
        found = workflow.nbgrader_scores[student]
        assert found["max"] == expected["max"] == course.points, student
        for key, value in expected.items():
            assert found.get(key, 0.0) == pytest.approx(value, abs=1e-3), f"{student}: {key}"


def test_scores_follow_the_py_files_not_the_notebooks(workflow):
    """Full marks for the solutions (deleted grade cell and renamed notebook included), partial and
    broken submissions scored by their files, os._exit(0) harmless, and nothing for the cheats?"""
    course = workflow.course
    scores = workflow.nbgrader_scores
    points = {e.name: float(e.points) for e in course.exercises}
    assert scores["correct"]["total"] == course.points
    assert scores["exit_cheat"]["total"] == scores["exit_cheat"]["polar_jacobian"] == points["polar_jacobian"]
    assert scores["broken"]["total"] == scores["broken"]["newton"] == points["newton"]
    assert scores["partial"]["polar_jacobian"] == points["polar_jacobian"]
    assert scores["partial"]["linear_map_jacobian"] == points["linear_map_jacobian"]
    assert 0 < scores["partial"]["sigmoid_backward"] < points["sigmoid_backward"]
    assert scores["partial"]["total"] < points["polar_jacobian"] + points["linear_map_jacobian"] + points[
        "sigmoid_backward"]
    assert 0 < scores["allclose_cheat"]["total"] < points["polar_jacobian"]  # the transposed Jacobian loses its part
    assert scores["transformer_cheat"]["total"] == 0
    assert scores["symlink"]["total"] == 0  # a link to the solution is refused, not followed


def test_no_student_notebook_code_ran(workflow):
    """Did no cell of any student notebook execute during the whole workflow?"""
    assert not workflow.marker.exists(), workflow.marker.read_text()


def test_autograde_keeps_the_students_modules(workflow):
    """Does autograded/ hold each student's own exercises/<name>.py, not the source stubs?"""
    course = workflow.course
    for exercise in course.exercises:
        submitted = workflow.submitted / "partial" / ASSIGNMENT / "exercises" / f"{exercise.name}.py"
        autograded = workflow.course_dir / "autograded" / "partial" / ASSIGNMENT / "exercises" / f"{exercise.name}.py"
        assert autograded.read_text() == submitted.read_text()


def test_feedback_shows_jackits_messages(workflow):
    """Does the feedback page show jackit's verdict for each part (✓ and ✗ lines, TODO for a stub)?"""
    feedback = workflow.course_dir / "feedback" / "partial" / ASSIGNMENT
    sigmoid = (feedback / "sigmoid_backward.html").read_text()
    assert "✓" in sigmoid and "✗" in sigmoid
    assert "TODO(newton): not started" in (feedback / "newton.html").read_text()


def test_links_to_instructor_files_come_back_in_no_feedback(workflow):
    """Do links in a submission (to a solution, to the secret) reach neither the grader nor the
    autograded and feedback copies?"""
    course = workflow.course
    secrets = secret_lines(course)
    for step in ("autograded", "feedback"):
        folder = workflow.course_dir / step / "symlink" / ASSIGNMENT / "exercises"
        for path in (folder / "polar_jacobian.py", folder / "notes.txt"):
            text = path.read_text()
            assert SECRET not in text and not secrets & {line.strip() for line in text.splitlines()}, path
            assert "symbolic link" in text
