"""Shared fixtures of the kit's own test suite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
