"""Load course.toml into frozen objects, or fail with one line naming the file, the key and the fix.

course.toml is the single source of truth for a course: the exercise order, the points of every
part, the hints, the tolerances and the limits of the sandboxed worker. Every other part of jackit
(the self-checks, the grader, the release pipeline, the CLI) reads it through `load_course`.

File layout, by convention from the exercise name (the course root is the folder of course.toml):

    solutions/<name>.py                 the reference solution, with solution regions
    exercises/<name>.py                 the stub, generated from the solution
    exercises/tests/test_<name>.py      the public self-checks
    autograder/test_<name>.py           the hidden tests
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

FORMAT_VERSION = 1
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")


class CourseError(ValueError):
    """A course file that cannot be used; the message is one line: file, key, problem, fix."""

    def __init__(self, path: Path | str, key: str, problem: str, fix: str):
        self.path, self.key, self.problem, self.fix = str(path), key, problem, fix
        where = f"{path}: {key}: " if key else f"{path}: "
        super().__init__(f"{where}{problem} ({fix})")


@dataclass(frozen=True)
class Tolerances:
    """Norm-wise relative tolerances: ||got - expected|| <= rtol * max(||got||, ||expected||)."""

    reference: float
    """Against the reference solution on the same inputs (tight: same algorithm, rounding only)."""
    oracle: float
    """Against a finite-difference oracle (truncation and rounding error of the differences)."""
    symbolic_points: int = 5
    """How many random points decide a symbolic equivalence that simplification could not."""


@dataclass(frozen=True)
class Limits:
    """What one call into student code may use in the sandboxed worker."""

    call_seconds: float
    """Wall-clock seconds for one call (import included)."""
    cpu_seconds: int
    """CPU seconds for one worker process."""
    memory_mb: int
    """Address space of the worker; numpy needs about 256 MB to import."""
    processes: int
    """Processes the worker's user may own (fork bombs stop here)."""
    file_mb: int
    """Largest file the worker may write."""
    output_kb: int
    """Captured stdout + stderr kept per call; more is cut."""


@dataclass(frozen=True)
class Seeds:
    public: int
    """The fixed seed of the public self-checks (hidden tests draw per-student seeds)."""


@dataclass(frozen=True)
class Exercise:
    name: str
    title: str
    parts: Mapping[str, int]
    """Points per part, in the order of the file. A plain `points = N` is the single part `name`."""
    hints: tuple[str, ...]
    tolerances: Tolerances
    limits: Limits
    visibility: str
    requires: tuple[str, ...] = ()
    root: Path = field(default=Path("."), compare=False)

    @property
    def points(self) -> int:
        return sum(self.parts.values())

    @property
    def solution(self) -> Path:
        return self.root / "solutions" / f"{self.name}.py"

    @property
    def stub(self) -> Path:
        return self.root / "exercises" / f"{self.name}.py"

    @property
    def public_test(self) -> Path:
        return self.root / "exercises" / "tests" / f"test_{self.name}.py"

    @property
    def hidden_test(self) -> Path:
        return self.root / "autograder" / f"test_{self.name}.py"

    def files(self) -> dict[str, Path]:
        return {"stub": self.stub, "solution": self.solution,
                "public test": self.public_test, "hidden test": self.hidden_test}


@dataclass(frozen=True)
class Course:
    name: str
    title: str
    version: str
    exercises: tuple[Exercise, ...]
    path: Path
    seeds: Seeds
    limits: Limits
    """The default limits (an exercise may raise its own)."""

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def points(self) -> int:
        return sum(e.points for e in self.exercises)

    def exercise(self, name: str) -> Exercise:
        for e in self.exercises:
            if e.name == name:
                return e
        known = ", ".join(e.name for e in self.exercises)
        raise KeyError(f"no exercise named {name!r} in {self.path} (known: {known})")

    def __iter__(self):
        return iter(self.exercises)


# --- parsing -----------------------------------------------------------------------------------

_TOP_KEYS = {"format_version", "course", "defaults", "exercises"}
_COURSE_KEYS = {"name", "title", "version"}
_DEFAULT_KEYS = {"tolerance", "limits", "seeds", "visibility"}
_EXERCISE_KEYS = {"name", "title", "points", "hints", "tolerance", "limits", "requires", "visibility"}


class _Reader:
    """Small typed accessors that turn every mistake into a CourseError naming the key."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, key: str, problem: str, fix: str):
        raise CourseError(self.path, key, problem, fix)

    def table(self, data: Any, key: str) -> dict:
        if not isinstance(data, dict):
            self.fail(key, f"expected a table, found {type(data).__name__}", f"write [{key}] or {key} = {{ ... }}")
        return data

    def known_keys(self, data: dict, allowed: set[str], key: str) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            where = f"{key}.{unknown[0]}" if key else unknown[0]
            self.fail(where, "unknown key", f"remove it or use one of: {', '.join(sorted(allowed))}")

    def string(self, data: dict, key: str, where: str, default: str | None = None) -> str:
        if key not in data:
            if default is not None:
                return default
            self.fail(f"{where}.{key}" if where else key, "missing", f"add {key} = \"...\"")
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{where}.{key}" if where else key, "must be a non-empty string", f"write {key} = \"...\"")
        return value

    def positive(self, value: Any, key: str, kind: type = float) -> Any:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
        if kind is int:
            ok = ok and isinstance(value, int)
        if not ok:
            self.fail(key, f"must be a positive {'integer' if kind is int else 'number'}, found {value!r}",
                      "give a number greater than 0")
        return value

    def record(self, cls, data: Any, key: str, base=None):
        """Fill dataclass `cls` from a table, over `base` (the defaults) when given."""
        data = self.table(data, key)
        names = {f.name: f for f in fields(cls)}
        self.known_keys(data, set(names), key)
        values = {} if base is None else {n: getattr(base, n) for n in names}
        for name, value in data.items():
            kind = int if names[name].type in ("int", int) else float
            values[name] = self.positive(value, f"{key}.{name}", kind)
        missing = [n for n, f in names.items() if n not in values and f.default is MISSING]
        if missing:
            self.fail(f"{key}.{missing[0]}", "missing", f"add {missing[0]} = <number> to {key}")
        return cls(**values)


def load_course(path: str | Path = "course.toml", *, check_files: bool = True) -> Course:
    """Parse and validate a course file. `check_files=False` skips the existence of exercise files
    (the student bundle carries the public part of the course without solutions or hidden tests)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CourseError(path, "", "no such file", "run from the course folder or pass --course PATH") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise CourseError(path, "", f"invalid TOML: {err}", "fix the syntax at that line and column") from None
    return parse_course(data, path, check_files=check_files)


def parse_course(data: dict, path: Path, *, check_files: bool = True) -> Course:
    read = _Reader(path)
    read.known_keys(data, _TOP_KEYS, "")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        read.fail("format_version", f"unknown format version {version!r}",
                  f"this jackit reads format_version = {FORMAT_VERSION}; upgrade jackit or fix the file")

    meta = read.table(data.get("course", {}), "course")
    read.known_keys(meta, _COURSE_KEYS, "course")
    defaults = read.table(data.get("defaults", {}), "defaults")
    read.known_keys(defaults, _DEFAULT_KEYS, "defaults")
    tolerances = read.record(Tolerances, defaults.get("tolerance", {}), "defaults.tolerance")
    limits = read.record(Limits, defaults.get("limits", {}), "defaults.limits")
    seeds = read.record(Seeds, defaults.get("seeds", {}), "defaults.seeds")
    visibility = _visibility(read, defaults, "defaults", "visible")

    entries = data.get("exercises")
    if not isinstance(entries, list) or not entries:
        read.fail("exercises", "no exercises", "add at least one [[exercises]] table")
    root = path.parent
    all_names = [e.get("name") for e in entries if isinstance(e, dict)]
    exercises: list[Exercise] = []
    for index, entry in enumerate(entries):
        exercises.append(_exercise(read, entry, index, exercises, all_names, tolerances, limits, visibility, root))
    course = Course(
        name=read.string(meta, "name", "course"),
        title=read.string(meta, "title", "course"),
        version=read.string(meta, "version", "course", default="0"),
        exercises=tuple(exercises),
        path=path,
        seeds=seeds,
        limits=limits,
    )
    if check_files:
        for exercise in course.exercises:
            for what, file in exercise.files().items():
                if not file.is_file():
                    read.fail(f"exercises[{exercise.name}]", f"missing {what} {file.relative_to(root)}",
                              f"create it (the {what} of every exercise lives at that path)")
    return course


def _visibility(read: _Reader, table: dict, where: str, default: str) -> str:
    value = table.get("visibility", default)
    if value not in VISIBILITIES:
        read.fail(f"{where}.visibility", f"unknown visibility {value!r}", f"use one of: {', '.join(VISIBILITIES)}")
    return value


def _exercise(read: _Reader, entry: Any, index: int, earlier: list[Exercise], all_names: list,
              tolerances: Tolerances, limits: Limits, visibility: str, root: Path) -> Exercise:
    where = f"exercises[{index}]"
    entry = read.table(entry, where)
    name = read.string(entry, "name", where)
    if not NAME_PATTERN.match(name):
        read.fail(f"{where}.name", f"{name!r} is not a snake_case identifier",
                  "use lower-case letters, digits and underscores; it names the module")
    where = f"exercises[{name}]"
    read.known_keys(entry, _EXERCISE_KEYS, where)
    if any(e.name == name for e in earlier):
        read.fail(f"{where}.name", f"duplicate exercise name {name!r}", "give every exercise its own name")

    points = entry.get("points")
    if isinstance(points, dict):
        if not points:
            read.fail(f"{where}.points", "no parts", "give at least one part: points = { part = 2 }")
        for part in points:
            if not NAME_PATTERN.match(part):
                read.fail(f"{where}.points.{part}", "part names must be snake_case", "rename the part")
        parts = {part: read.positive(p, f"{where}.points.{part}", int) for part, p in points.items()}
    elif points is None:
        read.fail(f"{where}.points", "missing", "add points = N or points = { part = N, ... }")
    else:
        parts = {name: read.positive(points, f"{where}.points", int)}

    hints = entry.get("hints")
    if not isinstance(hints, list) or not hints:
        read.fail(f"{where}.hints", "no hints", "add hints = [\"a first nudge\", \"a stronger one\"]")
    for i, hint in enumerate(hints):
        if not isinstance(hint, str) or not hint.strip():
            read.fail(f"{where}.hints[{i}]", "empty hint", "write the hint or remove it")

    requires = entry.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        read.fail(f"{where}.requires", "must be a list of exercise names", "write requires = [\"polar_jacobian\"]")
    for required in requires:
        if any(e.name == required for e in earlier):
            continue
        if required in all_names:
            read.fail(f"{where}.requires", f"{required!r} is not listed before {name!r}",
                      "move it earlier in the file or drop the requirement")
        read.fail(f"{where}.requires", f"unknown exercise {required!r}", "fix the name")

    return Exercise(
        name=name,
        title=read.string(entry, "title", where),
        parts=MappingProxyType(parts),
        hints=tuple(hints),
        tolerances=read.record(Tolerances, entry.get("tolerance", {}), f"{where}.tolerance", tolerances),
        limits=read.record(Limits, entry.get("limits", {}), f"{where}.limits", limits),
        visibility=_visibility(read, entry, where, visibility),
        requires=tuple(requires),
        root=root,
    )


def find_course(start: Path | None = None) -> Path:
    """The nearest course.toml at or above `start` (the current folder by default)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "course.toml"
        if candidate.is_file():
            return candidate
    raise CourseError(here / "course.toml", "", "no course.toml here or in any parent folder",
                      "run jackit inside the course folder or pass --course PATH")


__all__ = ["Course", "CourseError", "Exercise", "Limits", "Seeds", "Tolerances", "find_course",
           "load_course", "parse_course"]
