"""`jackit submit`: pack a student's exercise modules into the zip they hand in.

The zip holds `<name>.py` for every exercise of the release's course.toml, at its top level, and
nothing else (no self-checks, notebooks, hint state or virtual environment). That is a submission for
`jackit grade` (a zip of a folder of modules) and, unpacked by Gradescope into
/autograder/submission, for the autograder bundle (jackit.gradescope). The zip's bytes depend only
on the modules' bytes: submitting the same files twice gives the same zip.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jackit.archive import write_zip
from jackit.course import CourseError, find_course, load_course

MAX_MODULE_BYTES = 1024 * 1024
"""The largest exercise module accepted (source code; the grader takes zips of at most 20 MB)."""
NOT_A_RELEASE = "run jackit submit inside the folder your release was unpacked to"


class SubmitError(ValueError):
    """A submission that cannot be packed; the message is one line with the fix."""


@dataclass(frozen=True)
class PackedSubmission:
    path: Path
    modules: tuple[str, ...]
    """The exercise names, in course order."""
    size: int
    """Bytes of the zip."""


def find_release(start: Path | None = None) -> Path:
    """The release folder (the one holding course.toml) at or above `start`."""
    try:
        return find_course(start).parent
    except CourseError:
        here = (start or Path.cwd()).resolve()
        raise SubmitError(f"{here} is not a jackit release: no course.toml here or above ({NOT_A_RELEASE})") from None


def size_text(size: int) -> str:
    return f"{size / 2**20:.3g} MB" if size >= 2**20 else f"{size / 1024:.3g} KB"


def pack_submission(*, release: Path, out: Path | None = None) -> PackedSubmission:
    """Write the submission zip of the release folder `release` (default: release/submission.zip)."""
    modules = exercise_modules(release)
    for name, path in modules.items():
        size = path.stat().st_size
        if size > MAX_MODULE_BYTES:
            raise SubmitError(f"exercises/{name}.py is {size_text(size)}: a module may be at most "
                              f"{size_text(MAX_MODULE_BYTES)} (remove the data pasted into it)")
    out = out or release / "submission.zip"
    write_zip(out, {f"{name}.py": path.read_bytes() for name, path in modules.items()})
    return PackedSubmission(out, tuple(modules), out.stat().st_size)


def exercise_modules(release: Path) -> dict[str, Path]:
    """exercises/<name>.py of every exercise of the release's course.toml, all present."""
    course_file, folder = release / "course.toml", release / "exercises"
    if not course_file.is_file():
        raise SubmitError(f"{release} is not a jackit release: no course.toml ({NOT_A_RELEASE})")
    if not folder.is_dir():
        raise SubmitError(f"{release} is not a jackit release: no exercises/ folder beside course.toml "
                          f"({NOT_A_RELEASE})")
    try:
        course = load_course(course_file, check_files=False)
    except CourseError as err:
        raise SubmitError(str(err)) from None
    modules = {e.name: folder / f"{e.name}.py" for e in course.exercises}
    missing = [f"exercises/{name}.py" for name, path in modules.items() if not path.is_file()]
    if missing:
        raise SubmitError(f"missing {', '.join(missing)}: every exercise is handed in, finished or not "
                          "(restore a deleted module from your release zip)")
    return modules

