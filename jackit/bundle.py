"""The student release, as a zip or a folder: `jackit release --bundle PATH.zip` / `--bundle-dir DIR`.

    README.md                  set up, work, self-check, hints, submit (jackit.bundle_texts)
    setup.sh                   the one set-up command: .venv/ with jackit installed from wheels/
    pytest.ini                 `pytest exercises/` from this folder, whatever lies above it
    course.toml                the public part of the course file (jackit.public_course)
    exercises/<name>.py        the stubs (generated from solutions/, checked to be up to date)
    exercises/tests/           the public self-checks
    exercises/notebooks/       the generated notebooks and their files, never src/ (their sources)
    wheels/jackit-*.whl        jackit itself, built from its source: the `jackit` package only

A zip holds these under one top folder named after the zip (students unzip it and `cd` into it).
Nothing comes from solutions/ or autograder/, and nothing from .jackit/ (the instructor secret).
Before writing anything the bundle is refused, with one line naming the file, when a stub or a
notebook is out of date, when a file carries a solution marker or a code line of a solution region
that is public nowhere else, or when the wheel holds more than the jackit package.

`read_bundle` and `student_files` list what a built bundle carries, for comparisons with the other
release forms (the nbgrader assignment).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jackit
from jackit.archive import write_zip
from jackit.bundle_texts import PYTEST_INI, readme_text, setup_text
from jackit.course import Course
from jackit.notebooks import notebooks_dir, stale_notebooks
from jackit.public_course import public_course_toml
from jackit.release import BEGIN, END, make_stub, solution_lines, stale_stubs
from jackit.submit import MAX_MODULE_BYTES, size_text

SCRATCH = ("__pycache__", ".ipynb_checkpoints", ".pytest_cache")
"""Folders the self-checks or Jupyter leave behind: never bundled (nor any other dot-folder)."""
EXECUTABLE = frozenset({"setup.sh"})


class BundleError(ValueError):
    """A bundle that must not be written; the message is one line naming the file and the fix."""


@dataclass(frozen=True)
class BundleSummary:
    written: tuple[Path, ...]
    files: int
    wheel: str


def release_bundle(*, course: Course, zip_path: Path | None = None, folder: Path | None = None,
                   wheel: Path | None = None) -> BundleSummary:
    """Write the student release of `course` as the zip `zip_path` and/or the folder `folder`.
    `wheel` is a jackit wheel to ship (default: one built from jackit's source now)."""
    if zip_path is None and folder is None:
        raise ValueError("name a zip, a folder, or both")
    if zip_path is not None and zip_path.suffix != ".zip":
        raise BundleError(f"{zip_path}: a bundle zip must end in .zip (or write a folder with --bundle-dir)")
    if folder is not None and folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BundleError(f"{folder} exists and is not an empty folder (name a new folder, or remove it)")
    with tempfile.TemporaryDirectory(prefix="jackit-wheel-") as tmp:
        wheel = wheel or build_wheel(into=Path(tmp))
        files = bundle_contents(course, wheel)
    written = []
    if zip_path is not None:
        top = zip_path.stem
        write_zip(zip_path, {f"{top}/{name}": data for name, data in files.items()},
                  executable=frozenset(f"{top}/{name}" for name in EXECUTABLE))
        written.append(zip_path)
    if folder is not None:
        write_folder(folder, files)
        written.append(folder)
    return BundleSummary(tuple(written), len(files), wheel.name)


def bundle_contents(course: Course, wheel: Path) -> dict[str, bytes]:
    """Every file of the bundle, by its path in the bundle, checked for leaks."""
    refuse_stale(course)
    exercises = {name: path.read_bytes() for name, path in exercise_files(course).items()}
    refuse_solution_code(course, exercises)
    refuse_foreign_wheel_content(wheel)
    notebooks = any(name.startswith("exercises/notebooks/") for name in exercises)
    return {
        "README.md": readme_text(course, wheel=wheel.name, module_limit=size_text(MAX_MODULE_BYTES),
                                 notebooks=notebooks).encode(),
        "setup.sh": setup_text(wheel=wheel.name).encode(),
        "pytest.ini": PYTEST_INI.encode(),
        "course.toml": public_course_toml(course).encode(),
        **exercises,
        f"wheels/{wheel.name}": wheel.read_bytes(),
    }


def exercise_files(course: Course) -> dict[str, Path]:
    """What the bundle takes from exercises/: the stub modules, the public tests and the notebooks
    (by their path in the bundle, which is their path in the course)."""
    root = course.root / "exercises"
    picked = {path for path in root.glob("*.py") if path.is_file()}
    picked |= set(files_under(root / "tests"))
    sources = notebooks_dir(course) / "src"
    picked |= {path for path in files_under(notebooks_dir(course)) if sources not in path.parents}
    return {path.relative_to(course.root).as_posix(): path for path in sorted(picked)}


def files_under(folder: Path) -> list[Path]:
    """The files under `folder`, leaving out dot-folders, dot-files and SCRATCH folders."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if path.is_file() and not any(p.startswith(".") or p in SCRATCH or p.endswith(".pyc") for p in parts):
            found.append(path)
    return found


# --- what must never be shipped ----------------------------------------------------------------

def refuse_stale(course: Course) -> None:
    stale = stale_stubs(course) + stale_notebooks(course)
    if stale:
        raise BundleError(f"{stale[0].relative_to(course.root)} is out of date with its source (run: jackit release)")


def secret_lines(course: Course) -> set[str]:
    """The code lines of the solution regions that are public nowhere else: not in any stub, public
    test or module of jackit (which students receive anyway)."""
    public: set[str] = set()
    solutions = {}
    for exercise in course.exercises:
        solutions[exercise.name] = exercise.solution.read_text(encoding="utf-8")
        public |= stripped_lines(make_stub(solutions[exercise.name], exercise=exercise.name))
        if exercise.public_test.is_file():
            public |= stripped_lines(exercise.public_test.read_text(encoding="utf-8"))
    for module in Path(jackit.__file__).resolve().parent.rglob("*.py"):
        public |= stripped_lines(module.read_text(encoding="utf-8"))
    return {line for source in solutions.values() for line in solution_lines(source)} - public


def stripped_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


def located_lines(name: str, data: bytes) -> list[tuple[str, str]]:
    """(where, line) for every line of a text file: 'name:12', or 'name, cell 3 line 2' for a
    notebook's cell sources. Nothing for a binary file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []
    if name.endswith(".ipynb"):
        try:
            cells = json.loads(text).get("cells", [])
            return [(f"{name}, cell {c} line {n}", line)
                    for c, cell in enumerate(cells, start=1)
                    for n, line in enumerate("".join(cell.get("source", [])).splitlines(), start=1)]
        except (ValueError, AttributeError, TypeError):
            pass  # not notebook JSON: searched as text
    return [(f"{name}:{n}", line) for n, line in enumerate(text.splitlines(), start=1)]


def refuse_solution_code(course: Course, files: dict[str, bytes]) -> None:
    secrets = secret_lines(course)
    for name, data in files.items():
        for where, line in located_lines(name, data):
            if BEGIN.match(line) or END.match(line):
                raise BundleError(f"{where}: a solution marker in a student file (a solution source? leave it "
                                  "out of exercises/, or run: jackit release)")
            if line.strip() in secrets:
                raise BundleError(f"{where}: a line of a solution region, {line.strip()!r} (remove it, or make "
                                  "it public in the stub)")


def refuse_foreign_wheel_content(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            top = PurePosixPath(name).parts[0]
            if top != "jackit" and not (top.startswith("jackit-") and top.endswith(".dist-info")):
                raise BundleError(f"{wheel.name} holds {name}: the wheel must hold the jackit package only "
                                  "(see [tool.hatch.build.targets.wheel] in pyproject.toml)")


# --- the jackit wheel ------------------------------------------------------------------------------

def jackit_source() -> Path:
    """The folder of jackit's pyproject.toml (a checkout, or an editable install)."""
    source = Path(jackit.__file__).resolve().parent.parent
    if not (source / "pyproject.toml").is_file():
        raise BundleError(f"jackit's source is not beside {Path(jackit.__file__).parent} (no pyproject.toml): "
                          "make the bundle from a checkout of jackit (pip install -e .)")
    return source


def build_wheel(*, into: Path, source: Path | None = None) -> Path:
    """Build jackit's wheel into `into` with pip (with the hatchling installed here, when there is one,
    else with one pip fetches) and return its path."""
    source = source or jackit_source()
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(into), str(source)]
    if has_hatchling():
        command.insert(4, "--no-build-isolation")
    ran = subprocess.run(command, capture_output=True, text=True, check=False,
                         env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    wheels = sorted(into.glob("jackit-*.whl"))
    if ran.returncode != 0 or len(wheels) != 1:
        last = (ran.stderr or ran.stdout).strip().splitlines()[-1:] or ["no output"]
        raise BundleError(f"could not build jackit's wheel from {source}: {last[0]} (pip needs hatchling: "
                          "install it, or let pip download it)")
    return wheels[0]


def has_hatchling() -> bool:
    return importlib.util.find_spec("hatchling") is not None


# --- writing and reading bundles -------------------------------------------------------------------

def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder.joinpath(*PurePosixPath(name).parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if name in EXECUTABLE:
            path.chmod(0o755)


def read_bundle(path: Path) -> dict[str, bytes]:
    """Every file of a bundle (a zip, or a folder), by its path in the bundle (without the zip's top
    folder). A folder a student has worked in also holds .venv/, .jackit/ and caches: left out."""
    if path.is_dir():
        return {file.relative_to(path).as_posix(): file.read_bytes() for file in sorted(files_under(path))}
    with zipfile.ZipFile(path) as archive:
        files = {}
        for name in archive.namelist():
            if not name.endswith("/"):
                inner = PurePosixPath(name)
                files[PurePosixPath(*inner.parts[1:]).as_posix()] = archive.read(name)
        return files


def student_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files a student works with, out of a bundle's files: course.toml and exercises/ (not the
    README, the set-up script or the wheel). Another release form (nbgrader's assignment) must carry
    the same ones."""
    return {name: data for name, data in files.items()
            if name == "course.toml" or name.startswith("exercises/")}
