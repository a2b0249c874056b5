"""Collect the hidden tests of autograder/ once per batch, in the trusted grader.

A hidden test module reads like a pytest module: `test_*` functions, in file order, each taking
fixtures by name and marked with the course part it scores (`@part("jacobian")`). The grader
imports these modules itself (they are trusted course files) under private names, and imports the
reference solution of each exercise the same way; nothing of the student's is imported here.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Callable

from jackit.course import Course, Exercise

FIXTURES = ("student", "reference", "rng", "tol", "problems")


def part(name: str, *, weight: float = 1.0) -> Callable:
    """Mark a hidden test as scoring part `name` of its exercise (a key of course.toml `points`)."""
    if weight <= 0:
        raise ValueError("a hidden test's weight must be positive")

    def mark(fn: Callable) -> Callable:
        fn.__jackit_part__ = name
        fn.__jackit_weight__ = float(weight)
        return fn

    return mark


@dataclass(frozen=True)
class HiddenTest:
    exercise: str
    name: str
    part: str
    weight: float
    question: str
    """The test's docstring (a question): the one line of it a student may see."""
    function: Callable
    fixtures: tuple[str, ...]


@dataclass(frozen=True)
class HiddenSuite:
    """Every exercise's hidden tests and reference module, imported once."""

    tests: dict[str, tuple[HiddenTest, ...]]
    references: dict[str, ModuleType]
    misconceptions: dict[str, tuple] = field(default_factory=dict)

    def of(self, exercise: str) -> tuple[HiddenTest, ...]:
        return self.tests.get(exercise, ())


class SuiteError(ValueError):
    """A hidden test module that the grader cannot use (an author's mistake, not a student's)."""


def import_path(path: Path, module_name: str) -> ModuleType:
    """Import a trusted course file under a private module name."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def collect_exercise(exercise: Exercise) -> tuple[HiddenTest, ...]:
    module = import_path(exercise.hidden_test, f"jackit_hidden.{exercise.name}")
    tests = []
    for name, fn in vars(module).items():
        if not (name.startswith("test_") and inspect.isfunction(fn) and fn.__module__ == module.__name__):
            continue
        where = f"{exercise.hidden_test}: {name}"
        single = next(iter(exercise.parts)) if len(exercise.parts) == 1 else None
        part_name = getattr(fn, "__jackit_part__", single)
        if part_name is None:
            raise SuiteError(f"{where}: no @part(...) (the exercise has parts {', '.join(exercise.parts)})")
        if part_name not in exercise.parts:
            raise SuiteError(f"{where}: part {part_name!r} is not in course.toml "
                             f"(parts: {', '.join(exercise.parts)})")
        params = tuple(inspect.signature(fn).parameters)
        unknown = [p for p in params if p not in FIXTURES]
        if unknown:
            raise SuiteError(f"{where}: unknown fixture {unknown[0]!r} (available: {', '.join(FIXTURES)})")
        question = (inspect.getdoc(fn) or name.removeprefix("test_").replace("_", " ")).splitlines()[0]
        tests.append(HiddenTest(exercise.name, name, part_name, getattr(fn, "__jackit_weight__", 1.0),
                                question, fn, params))
    missing = [p for p in exercise.parts if not any(t.part == p for t in tests)]
    if missing:
        raise SuiteError(f"{exercise.hidden_test}: no hidden test scores part {missing[0]!r}")
    return tuple(tests)


def collect_suite(course: Course) -> HiddenSuite:
    from jackit.grading.misconceptions import collect_misconceptions

    tests, references = {}, {}
    for exercise in course.exercises:
        references[exercise.name] = import_path(exercise.solution, f"jackit_reference.{exercise.name}")
        tests[exercise.name] = collect_exercise(exercise)
    return HiddenSuite(tests, references, collect_misconceptions(course))
