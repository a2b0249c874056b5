"""course.toml: the real course loads, and every kind of broken file fails with one clear line."""

from __future__ import annotations

import dataclasses
import re

import pytest

from jackit.course import CourseError, load_course


def rewrite(path, old, new):
    text = path.read_text()
    assert old in text, f"the fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1))


def failure(path) -> CourseError:
    with pytest.raises(CourseError) as caught:
        load_course(path)
    message = str(caught.value)
    assert str(path) in message and "\n" not in message
    return caught.value


def test_the_real_course_loads_with_every_file(root):
    """Does the repository's course.toml load, with parts, hints and tolerances?"""
    course = load_course(root / "course.toml")
    assert course.exercises[0].name == "polar_jacobian"
    assert all(e.hints and e.points > 0 for e in course.exercises)
    assert course.exercises[0].tolerances.reference < course.exercises[0].tolerances.oracle


def test_loaded_objects_are_frozen(tiny_course):
    """Can a loaded course or exercise be changed by accident?"""
    course = load_course(tiny_course)
    with pytest.raises(dataclasses.FrozenInstanceError):
        course.exercises[0].title = "changed"
    with pytest.raises(TypeError):
        course.exercises[0].parts["value"] = 100


def test_per_exercise_overrides_merge_over_defaults(tiny_course):
    """Does an exercise's tolerance override keep the other default tolerances?"""
    rewrite(tiny_course, 'points = {', 'tolerance = { reference = 1e-7 }\nlimits = { call_seconds = 9 }\npoints = {')
    exercise = load_course(tiny_course).exercises[0]
    assert exercise.tolerances.reference == 1e-7 and exercise.tolerances.oracle == 1e-6
    assert exercise.limits.call_seconds == 9 and exercise.limits.memory_mb == 1024


def test_invalid_toml_names_line_and_column(tiny_course):
    """Does a TOML syntax error give its line and column?"""
    rewrite(tiny_course, 'title = "Scale a vector"', 'title = "Scale a vector')
    err = failure(tiny_course)
    assert re.search(r"line \d+, column \d+", str(err)) and "invalid TOML" in str(err)


@pytest.mark.parametrize("old, new, key", [
    ("format_version = 1", "format_version = 1\ncolour = 'red'", "colour"),
    ('version = "1"', 'version = "1"\nauthor = "me"', "course.author"),
    ("reference = 1e-9", "reference = 1e-9\nabsolute = 1e-12", "defaults.tolerance.absolute"),
    ('title = "Scale a vector"', 'title = "Scale a vector"\npoint = 3', "exercises[scale].point"),
])
def test_unknown_keys_are_named(tiny_course, old, new, key):
    """Is a misspelt or unknown key named, with the keys that are allowed?"""
    rewrite(tiny_course, old, new)
    err = failure(tiny_course)
    assert err.key == key and "unknown key" in str(err) and "use one of" in str(err)


def test_duplicate_names_are_refused(tiny_course):
    """Is a second exercise with the same name refused?"""
    text = tiny_course.read_text()
    entry = text[text.index("[[exercises]]"):]
    tiny_course.write_text(text + "\n" + entry)
    err = failure(tiny_course)
    assert "duplicate exercise name 'scale'" in str(err)


@pytest.mark.parametrize("relative, what", [
    ("exercises/scale.py", "stub"),
    ("solutions/scale.py", "solution"),
    ("exercises/tests/test_scale.py", "public test"),
    ("autograder/test_scale.py", "hidden test"),
])
def test_missing_files_are_named(tiny_course, relative, what):
    """Is each missing exercise file named with its role and path?"""
    (tiny_course.parent / relative).unlink()
    err = failure(tiny_course)
    assert f"missing {what} {relative}" in str(err)


@pytest.mark.parametrize("points", ["{ value = 0, jacobian = 2 }", "{ value = -1, jacobian = 2 }",
                                    "{ value = 1.5, jacobian = 2 }", "0", "{}"])
def test_non_positive_points_are_refused(tiny_course, points):
    """Are zero, negative, fractional and empty points refused?"""
    rewrite(tiny_course, "points = { value = 1, jacobian = 2 }", f"points = {points}")
    err = failure(tiny_course)
    assert "points" in err.key


def test_points_as_a_number_make_one_part(tiny_course):
    """Does `points = 4` make a single part named after the exercise?"""
    rewrite(tiny_course, "points = { value = 1, jacobian = 2 }", "points = 4")
    assert dict(load_course(tiny_course).exercises[0].parts) == {"scale": 4}


@pytest.mark.parametrize("hints, key", [("[]", "exercises[scale].hints"), ('["ok", " "]', "exercises[scale].hints[1]")])
def test_empty_hints_are_refused(tiny_course, hints, key):
    """Are an empty hint list and a blank hint refused?"""
    rewrite(tiny_course, 'hints = ["Multiply by the factor.", "The Jacobian of x ↦ a x is a I."]', f"hints = {hints}")
    assert failure(tiny_course).key == key


def test_requires_an_unknown_exercise(tiny_course):
    """Is `requires` naming an exercise that does not exist refused?"""
    rewrite(tiny_course, "points = {", 'requires = ["nope"]\npoints = {')
    assert "unknown exercise 'nope'" in str(failure(tiny_course))


def test_requires_a_later_exercise(tiny_course):
    """Is `requires` naming an exercise listed later (or itself) refused?"""
    rewrite(tiny_course, "points = {", 'requires = ["scale"]\npoints = {')
    assert "is not listed before" in str(failure(tiny_course))


def test_unknown_format_version(tiny_course):
    """Does a future format_version say to upgrade jackit?"""
    rewrite(tiny_course, "format_version = 1", "format_version = 2")
    err = failure(tiny_course)
    assert err.key == "format_version" and "upgrade jackit" in str(err)


def test_missing_course_file_says_how_to_fix(tmp_path):
    """Does a missing course.toml say to run from the course folder?"""
    with pytest.raises(CourseError, match="--course"):
        load_course(tmp_path / "course.toml")
