"""The release pipeline: stubs come from solutions, and a stale stub is noticed."""

from __future__ import annotations

import pytest

from jackit.course import load_course
from jackit.release import ReleaseError, make_stub, release_stubs, solution_lines, stale_stubs

SOLUTION = '''"""Module docstring."""
import numpy as np


def f(x):
    """Docstring stays."""
    ### BEGIN SOLUTION: square it
    y = x * x
    return y
    ### END SOLUTION


def given(x):
    return x
'''


def test_stubs_are_in_sync_with_solutions(root):
    """Is every stub in exercises/ exactly what `jackit release` would write from its solution?"""
    assert stale_stubs(load_course(root / "course.toml")) == []


def test_a_region_becomes_todo_and_raise():
    """Does a region become a TODO comment and a NotImplementedError naming the exercise?"""
    stub = make_stub(SOLUTION, exercise="demo")
    assert '    # TODO: square it\n    raise NotImplementedError("TODO(demo)")\n' in stub
    assert "x * x" not in stub and '"""Docstring stays."""' in stub and "def given(x):" in stub
    compile(stub, "stub", "exec")


def test_solution_lines_are_the_region_code_only():
    """Are the lines a release must never contain exactly the region's code lines?"""
    assert solution_lines(SOLUTION) == ["y = x * x", "return y"]


@pytest.mark.parametrize("broken, problem", [
    (SOLUTION.replace("    ### END SOLUTION\n", ""), "never closed"),
    (SOLUTION.replace("    ### BEGIN SOLUTION: square it\n", ""), "without a BEGIN"),
    (SOLUTION.replace("    y = x * x", "    ### BEGIN SOLUTION\n    y = x * x"), "inside the region"),
    ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", "inside a function body"),
])
def test_broken_regions_name_the_line(broken, problem):
    """Does each malformed region fail with the file, the line and the fix?"""
    with pytest.raises(ReleaseError, match=problem) as caught:
        make_stub(broken, exercise="demo", filename="solutions/demo.py")
    assert str(caught.value).startswith("solutions/demo.py:")


def test_a_stale_stub_is_noticed_and_regenerated(tiny_course):
    """Is an edited solution noticed as a stale stub, and does release bring it back in sync?"""
    course = load_course(tiny_course)
    solution = course.exercises[0].solution
    solution.write_text(solution.read_text().replace("multiply", "multiply a by x"))
    assert stale_stubs(course) == [course.exercises[0].stub]
    assert [c.status for c in release_stubs(course=course)] == ["updated"]
    assert stale_stubs(course) == []
