"""Shared fixtures of the kit's own test suite."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from jackit.course import load_course

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the suite's own helpers (variants.py)

ROOT = Path(__file__).resolve().parent.parent
TINY_COURSE = Path(__file__).resolve().parent / "fixtures" / "tiny_course"


@pytest.fixture(scope="session")
def root() -> Path:
    """The course repository (course.toml, solutions/, exercises/, autograder/)."""
    return ROOT


@pytest.fixture
def tiny_course(tmp_path) -> Path:
    """A writable copy of the one-exercise test course; returns its course.toml."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY_COURSE, target)
    return target / "course.toml"


@pytest.fixture(scope="session")
def course(root):
    """The repository's course, loaded once."""
    return load_course(root / "course.toml")


@pytest.fixture(scope="session")
def suite(course):
    """The hidden tests, references and misconception catalogue, collected once."""
    from jackit.grading.hidden import collect_suite

    return collect_suite(course)


@pytest.fixture(scope="session")
def sandbox(course):
    """One sandboxed zygote for the whole test session."""
    from jackit.engine import Sandbox

    box = Sandbox(course.limits, slot=None)
    yield box
    box.close()
