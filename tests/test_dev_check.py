"""`jackit dev check` passes on the course and names each kind of broken entry in a test course."""

from __future__ import annotations

import pytest

from jackit.course import load_course
from jackit.dev import dev_check
from jackit.release import release_stubs


def test_the_course_is_consistent(course):
    """Does the real course pass every authoring check, hidden tests included?"""
    assert [str(f) for f in dev_check(course_path=course.path)] == []


def test_the_tiny_course_is_consistent(tiny_course):
    """Does the unbroken test course pass, so that each break below is what fails it?"""
    assert dev_check(course_path=tiny_course) == []


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize("break_it, expected", [
    (lambda root: edit(root / "solutions/scale.py", "multiply", "multiply them"), "out of date (run: jackit release)"),
    (lambda root: (root / "autograder/test_scale.py").unlink(), "missing hidden test autograder/test_scale.py"),
    (lambda root: edit(root / "course.toml", '"Multiply by the factor.", ', '"", '), "empty hint"),
    (lambda root: edit(root / "exercises/tests/test_scale.py", "np.array([2.0, 4.0])", "np.array([2.0, 5.0])"),
     "the solution fails public test test_scale_by_two"),
    (lambda root: edit(root / "autograder/test_scale.py", "reference.scale(a, x)", "2 * reference.scale(a, x)"),
     "the solution fails hidden test test_scale_matches (value)"),
    (lambda root: edit(root / "autograder/test_scale.py", '@part("jacobian")', '@part("value")'),
     "no hidden test scores part 'jacobian'"),
    (lambda root: edit(root / "exercises/tests/test_scale.py", "exercise.scale_jacobian(3.0, 2)", "3.0 * np.eye(2)"),
     "the stub passes public test test_jacobian_is_a_identity"),
])
def test_each_broken_entry_is_named(tiny_course, break_it, expected):
    """Does each kind of broken entry produce a finding that names it?"""
    break_it(tiny_course.parent)
    findings = [str(f) for f in dev_check(course_path=tiny_course)]
    assert any(expected in f for f in findings), findings


def test_a_stub_that_scores_hidden_points_is_named(tiny_course):
    """Is a stub that already earns hidden-test points (a solved stub) named?"""
    root = tiny_course.parent
    edit(root / "solutions/scale.py", "    ### BEGIN SOLUTION\n    return a * np.eye(n)\n    ### END SOLUTION\n",
         "    return a * np.eye(n)\n")
    release_stubs(course=load_course(tiny_course, check_files=False))
    findings = [str(f) for f in dev_check(course_path=tiny_course)]
    assert any("the stub scores 2 on part jacobian" in f for f in findings), findings
