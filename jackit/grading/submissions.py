"""Find the submissions under the paths an instructor names.

A submission is a folder holding at least one exercise module (`<name>.py` for an exercise of the
course), possibly one folder down (a zip of `exercises/`), or a .zip of such a folder. A path may
be one submission, a folder of submissions (one sub-folder or zip per student id), or nbgrader's
`submitted/<student>/<assignment>/` layout (or the course folder holding `submitted/`).
"""

from __future__ import annotations

import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from jackit.course import Course

MAX_ZIP_BYTES = 20 * 1024 * 1024
MAX_ZIP_FILES = 500
STUDENT_ID = re.compile(r"[^A-Za-z0-9._@-]+")


class SubmissionError(ValueError):
    """Input that cannot be graded at all; the message is one line with the fix."""


@dataclass(frozen=True)
class Submission:
    student: str
    folder: Path
    """The folder that holds the exercise modules."""
    origin: Path
    """What the instructor named (a folder or a zip)."""


def holds_modules(folder: Path, course: Course) -> bool:
    return any((folder / f"{e.name}.py").is_file() for e in course.exercises)


def module_folder(folder: Path, course: Course) -> Path | None:
    """Where one student's modules are: `folder` itself, or its single sub-folder (a zip or a
    student folder that wraps exercises/)."""
    if holds_modules(folder, course):
        return folder
    children = [c for c in folder.iterdir() if c.is_dir() and not c.name.startswith((".", "__"))]
    if len(children) == 1 and holds_modules(children[0], course):
        return children[0]
    return None


def safe_student_id(name: str) -> str:
    cleaned = STUDENT_ID.sub("_", name).strip("._")
    return cleaned or "student"


def extract_zip(path: Path, into: Path) -> Path:
    """Unpack a student's zip without trusting it: regular files only, no absolute paths or '..',
    no links, bounded size and count."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise SubmissionError(f"{path}: not a zip file (re-download the submission or unzip it yourself)") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_FILES or sum(m.file_size for m in members) > MAX_ZIP_BYTES:
            raise SubmissionError(f"{path}: the zip is too large to be a submission "
                                  f"(at most {MAX_ZIP_FILES} files and {MAX_ZIP_BYTES // 2**20} MB)")
        target = into / safe_student_id(path.stem)
        target.mkdir(parents=True)
        for member in members:
            parts = Path(member.filename).parts
            is_link = stat.S_ISLNK(member.external_attr >> 16)
            if member.is_dir() or is_link or not parts or Path(member.filename).is_absolute() or ".." in parts:
                continue
            destination = target.joinpath(*parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, open(destination, "wb") as sink:
                shutil.copyfileobj(source, sink)
    return target


def discover(paths: list[Path], course: Course, workdir: Path | None = None) -> list[Submission]:
    """Every submission under `paths`, in a stable order; zips are unpacked into `workdir`."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix="jackit-zips-"))
    found: list[Submission] = []
    for path in paths:
        found += _discover_one(Path(path), course, workdir)
    if not found:
        names = ", ".join(str(p) for p in paths)
        raise SubmissionError(f"nothing under {names} looks like a submission (a folder holding "
                              f"{course.exercises[0].name}.py or another exercise module, a zip of one, "
                              "or a folder of those, one per student)")
    seen: dict[str, int] = {}
    unique = []
    for s in found:
        seen[s.student] = seen.get(s.student, 0) + 1
        student = s.student if seen[s.student] == 1 else f"{s.student}-{seen[s.student]}"
        unique.append(Submission(student, s.folder, s.origin))
    return unique


def _discover_one(path: Path, course: Course, workdir: Path) -> list[Submission]:
    if not path.exists():
        raise SubmissionError(f"{path}: no such file or folder (check the path)")
    if path.is_file():
        if path.suffix != ".zip":
            raise SubmissionError(f"{path}: not a folder or a .zip (name a submission folder, a zip, or a class folder)")
        folder = module_folder(extract_zip(path, workdir), course)
        return [Submission(safe_student_id(path.stem), folder, path)] if folder else []
    if (path / "submitted").is_dir():
        path = path / "submitted"
    if holds_modules(path, course):  # one submission; anything else is a class of them
        return [Submission(safe_student_id(path.resolve().name), path, path)]
    found = []
    for child in sorted(path.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_file() and child.suffix == ".zip":
            found += _discover_one(child, course, workdir)
        elif child.is_dir():
            found += _student_folder(child, course)
    return found


def _student_folder(folder: Path, course: Course) -> list[Submission]:
    """One student's folder: the modules themselves, or nbgrader's <student>/<assignment>/."""
    student = safe_student_id(folder.name)
    modules = module_folder(folder, course)
    if modules is not None:
        return [Submission(student, modules, folder)]
    found = []
    assignments = [c for c in sorted(folder.iterdir()) if c.is_dir()]
    for assignment in assignments:
        modules = module_folder(assignment, course)
        if modules is not None:
            name = student if len(assignments) == 1 else f"{student}-{safe_student_id(assignment.name)}"
            found.append(Submission(name, modules, assignment))
    return found
