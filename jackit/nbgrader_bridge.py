"""jackit's bridge into nbgrader: `nbgrader autograde` scores every part with jackit's trusted grader.

nbgrader_config.py (written by `jackit nbgrader source`) calls `configure(c, course_file=...)`, which
1. takes nbgrader's `Execute` out of autograde and puts `JackitScores` just before `SaveAutoGrades`:
   the student's notebook is never executed, so nothing in it (rebinding np.allclose, an IPython
   input transformer rewriting the grade cells, os._exit(0), an endless loop) can reach a score or
   stop the run. JackitScores runs in the nbgrader process and writes each grade cell's output from
   jackit's result for that part: its feedback on stdout, then the score as the cell's value, which
   nbgrader records as partial credit. A part whose notebook the student deleted or renamed is
   written straight into the gradebook (nbgrader would give it 0).
2. puts `JackitGradeCells` first in the sanitizing steps (after nbgrader clears the outputs): the
   course's grade cells get their metadata back as generated, and the nbgrader metadata a student
   added to other cells (a copied grade cell, a made-up grade id) is dropped, so that nbgrader's own
   checks do not abort the submission.
3. keeps the students' exercises/<name>.py in autograded/ (nbgrader would copy the source versions,
   the stubs, over them): `Autograde.exclude_overwriting`.
4. re-adds a grade cell a student deleted, so that it is scored too: `OverwriteCells.add_missing_cells`.
5. replaces the copies nbgrader makes through the submission's symbolic links (`JackitNoLinks`).

jackit's preprocessors run in nbgrader's (trusted) process. JackitScores grades exercises/ of the
submission as nbgrader received it (submitted/<student>/<assignment>/), never the copy in autograded/
(nbgrader's copy follows symbolic links; jackit refuses them), with jackit's sandbox and the
per-student inputs of `jackit grade`: same secret (.jackit/secret beside course.toml unless
`JackitPreprocessor.secret_file` names another) and same student id, so `jackit grade submitted/`
and `nbgrader autograde` give the same scores. A grade cell that is not a part of its notebook's
exercise gets an error output: 0 points, never nbgrader's "no output, full marks".
"""

from __future__ import annotations

import atexit
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nbformat.v4 import new_output
from nbgrader.api import Gradebook
from nbgrader.converters import Autograde
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearOutput, Execute, NbGraderPreprocessor, SaveAutoGrades
from traitlets import Unicode

from jackit.course import Course, Exercise, load_course
from jackit.grading.batch import default_secret_file
from jackit.grading.hidden import HiddenSuite, collect_suite
from jackit.grading.results import PartResult
from jackit.grading.runner import grade_exercise
from jackit.grading.seeds import load_secret
from jackit.grading.submissions import module_folder, safe_student_id
from jackit.nbgrader_source import assignment_name, grade_cell_metadata, grade_id

SHOWN_TO_STUDENTS = ("visible", "after_due_date", "after_published")
"""Visibilities whose feedback text goes into the grade cell (a hidden part shows its score only)."""


@lru_cache(maxsize=None)
def course_at(course_file: str) -> Course:
    return load_course(course_file)


@dataclass
class TrustedGrader:
    """The course, its hidden tests, the secret and one sandbox, shared by every notebook of a run."""

    course: Course
    suite: HiddenSuite
    secret: bytes
    sandbox: object

    def grade(self, exercise: Exercise, modules: Path, student: str) -> list[PartResult]:
        """One exercise of one submission, exactly as `grade_submission` grades it."""
        def run(session) -> list[PartResult]:
            return grade_exercise(exercise, self.suite.of(exercise.name), session=session,
                                  reference=self.suite.references[exercise.name], secret=self.secret,
                                  student=student, submission=modules,
                                  catalogue=self.suite.misconceptions.get(exercise.name, ()))

        if not (modules / f"{exercise.name}.py").is_file():
            return run(None)  # the module is missing: every test fails as such, no worker needed
        with self.sandbox.session(modules) as session:
            return run(session)


_GRADERS: dict[tuple[str, str], TrustedGrader] = {}


def trusted_grader(course_file: str, secret_file: str, log) -> TrustedGrader:
    """The grader of this process for `course_file` (started on first use, closed at exit)."""
    key = (course_file, secret_file)
    if key not in _GRADERS:
        from jackit.engine import Sandbox

        course = course_at(course_file)
        secret = load_secret(Path(secret_file) if secret_file else default_secret_file(course),
                             create=not secret_file)
        sandbox = Sandbox(course.limits, slot=None)
        atexit.register(sandbox.close)
        if getattr(sandbox, "warning", None):
            log.warning("jackit: %s", sandbox.warning)
        _GRADERS[key] = TrustedGrader(course, collect_suite(course), secret, sandbox)
    return _GRADERS[key]


def is_autograded(cell) -> bool:
    """A grade cell nbgrader scores from its outputs (a grade cell that is also a solution cell is
    graded by hand)."""
    metadata = cell.metadata.get("nbgrader", {})
    return bool(metadata.get("grade")) and not metadata.get("solution")


def score_outputs(result: PartResult) -> list:
    """A grade cell's outputs for one part: the feedback (stdout), then the score (the cell's value)."""
    outputs = []
    if result.visibility in SHOWN_TO_STUDENTS:
        outputs.append(new_output("stream", name="stdout", text=result.output() + "\n"))
    outputs.append(new_output("execute_result", data={"text/plain": repr(float(result.score))}))
    return outputs


def no_score_outputs(reason: str) -> list:
    """A grade cell's outputs when jackit has no score for it: an error, which nbgrader scores 0."""
    return [new_output("error", ename="NotScored", evalue=reason, traceback=[reason])]


class JackitPreprocessor(NbGraderPreprocessor):
    """What the jackit steps are configured with (`c.JackitPreprocessor.course_file = ...`)."""

    course_file = Unicode("", help="The course.toml of the jackit course.").tag(config=True)
    secret_file = Unicode("", help="The instructor secret (default: .jackit/secret beside course.toml).").tag(
        config=True)

    def course(self) -> Course:
        if not self.course_file:
            raise ValueError(f"{type(self).__name__}: course_file is not set (configure nbgrader with "
                             "jackit.nbgrader_bridge.configure in nbgrader_config.py)")
        return course_at(self.course_file)

    def exercise_of(self, notebook: str) -> Exercise | None:
        return next((e for e in self.course().exercises if e.name == notebook), None)


class JackitGradeCells(JackitPreprocessor):
    """Sanitizing an exercise's notebook: its grade cells get their generated metadata back, and no
    other cell keeps any (a notebook that is not an exercise's is left to nbgrader)."""

    def preprocess(self, nb, resources):
        exercise = self.exercise_of(resources["nbgrader"]["notebook"])
        if exercise is None:
            return nb, resources
        canonical = {grade_id(exercise.name, part): grade_cell_metadata(exercise, part) for part in exercise.parts}
        for cell in nb.cells:
            claimed = cell.metadata.get("nbgrader")
            if claimed is None:
                continue
            metadata = canonical.pop(claimed.get("grade_id"), None) if isinstance(claimed, dict) else None
            if metadata is None:  # not a grade cell of the course, or a second copy of one
                del cell.metadata["nbgrader"]
                if cell.cell_type == "code":
                    cell.outputs = []
            else:
                cell.metadata["nbgrader"] = dict(metadata)
        return nb, resources


class JackitNoLinks(NbGraderPreprocessor):
    """Sanitizing: nbgrader copies a submission into autograded/ (and on into feedback/) through its
    symbolic links, so a link to a solution or to the secret would come back to the student in the
    feedback; such copies are replaced by a note."""

    NOTE = "{name} was a symbolic link in the submission: not graded, and not copied.\n"

    def preprocess(self, nb, resources):
        ids = resources["nbgrader"]
        coursedir = CourseDirectory(parent=self)
        submitted = Path(coursedir.format_path(coursedir.submitted_directory, ids["student"], ids["assignment"]))
        autograded = Path(coursedir.format_path(coursedir.autograded_directory, ids["student"], ids["assignment"]))
        for folder, _, names in os.walk(submitted):
            for name in names:
                if os.path.islink(os.path.join(folder, name)):
                    copy = autograded / Path(folder).relative_to(submitted) / name
                    if copy.is_file() and not copy.is_symlink():
                        copy.write_text(self.NOTE.format(name=name), encoding="utf-8")
        return nb, resources


class JackitScores(JackitPreprocessor):
    """Autograding: every grade cell's output, and so its score, from jackit's grader."""

    def submitted_folder(self, student: str, assignment: str) -> Path:
        """The submission as nbgrader received it (never changed by nbgrader)."""
        coursedir = CourseDirectory(parent=self)
        return Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))

    def preprocess(self, nb, resources):
        ids = resources["nbgrader"]
        exercise = self.exercise_of(ids["notebook"])
        grade_cells = [cell for cell in nb.cells if cell.cell_type == "code" and is_autograded(cell)]
        if exercise is None and not grade_cells:
            return nb, resources
        grader = trusted_grader(self.course_file, self.secret_file, self.log)
        submission = self.submitted_folder(ids["student"], ids["assignment"])
        results: dict[str, PartResult] = {}
        if exercise is not None:
            results = self.grade(grader, exercise, submission, ids["student"])
        for cell in grade_cells:
            cell_id = cell.metadata["nbgrader"].get("grade_id", "")
            if cell_id in results:
                cell.outputs = score_outputs(results[cell_id])
            else:
                self.log.error("jackit: grade cell %r of %s.ipynb is not a part of the course: 0 points",
                               cell_id, ids["notebook"])
                cell.outputs = no_score_outputs(f"{cell_id!r} is not a part of the course: not scored")
        self.score_missing_notebooks(grader, submission, ids)
        return nb, resources

    def grade(self, grader: TrustedGrader, exercise: Exercise, submission: Path,
              student: str) -> dict[str, PartResult]:
        modules = module_folder(submission, grader.course) or submission / "exercises"  # as `jackit grade`
        parts = grader.grade(exercise, modules, safe_student_id(student))
        for part in parts:
            for outcome in part.outcomes:
                if outcome.kind == "grader_error":
                    self.log.error("jackit: grader error in %s · %s for %s", part.exercise, outcome.name, student)
        return {grade_id(exercise.name, p.part): p for p in parts}

    def score_missing_notebooks(self, grader: TrustedGrader, submission: Path, ids: dict) -> None:
        """Record jackit's scores for the exercises whose notebook the submission lacks (nbgrader set
        them to 0): the .py files are graded, whatever became of the notebooks."""
        student, assignment = ids["student"], ids["assignment"]
        if (student, assignment) in _SCORED_MISSING:
            return
        _SCORED_MISSING.add((student, assignment))
        with Gradebook(ids["db_url"]) as gradebook:
            notebooks = [n.name for n in gradebook.find_assignment(assignment).notebooks]
        for name in notebooks:
            exercise = self.exercise_of(name)
            if exercise is None or (submission / f"{name}.ipynb").exists():
                continue
            self.log.warning("jackit: %s has no %s.ipynb: its parts are scored from exercises/%s.py",
                             student, name, name)
            results = self.grade(grader, exercise, submission, student)
            with Gradebook(ids["db_url"]) as gradebook:
                for cell_id, result in results.items():
                    grade = gradebook.find_grade(cell_id, name, assignment, student)
                    grade.auto_score = result.score
                    grade.needs_manual_grade = False
                gradebook.db.commit()


_SCORED_MISSING: set[tuple[str, str]] = set()


def sanitize_pipeline() -> list:
    """nbgrader's sanitizing steps with JackitGradeCells and JackitNoLinks right after ClearOutput."""
    steps = list(Autograde.class_traits()["sanitize_preprocessors"].default())
    steps[steps.index(ClearOutput) + 1:steps.index(ClearOutput) + 1] = [JackitGradeCells, JackitNoLinks]
    return steps


def autograde_pipeline() -> list:
    """nbgrader's autograding steps with Execute taken out and JackitScores just before
    SaveAutoGrades (so that no later step can touch the outputs it writes)."""
    steps = [step for step in Autograde.class_traits()["autograde_preprocessors"].default() if step is not Execute]
    steps.insert(steps.index(SaveAutoGrades), JackitScores)
    return steps


def configure(c, *, course_file: str | Path, secret_file: str | Path | None = None) -> None:
    """Configure nbgrader (the `c` of nbgrader_config.py) to autograde with jackit."""
    course = load_course(course_file)
    c.Autograde.sanitize_preprocessors = sanitize_pipeline()
    c.Autograde.autograde_preprocessors = autograde_pipeline()
    c.Autograde.exclude_overwriting = {
        assignment_name(course): [f"exercises/{e.name}.py" for e in course.exercises]}
    c.OverwriteCells.add_missing_cells = True
    c.JackitPreprocessor.course_file = str(Path(course_file).resolve())
    if secret_file is not None:
        c.JackitPreprocessor.secret_file = str(secret_file)
