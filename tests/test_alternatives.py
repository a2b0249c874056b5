"""Do other correct implementations (loops, einsum, other algorithms) get full marks: no false failure?"""

from __future__ import annotations

import pytest

from variants import build, grade_on_seeds, variants

SEEDS = 100
ALTERNATIVES = variants("alternatives")


def test_every_exercise_has_two_alternatives(course):
    """Are there at least two alternative correct implementations per exercise?"""
    for exercise in course.exercises:
        assert sum(a.exercise == exercise.name for a in ALTERNATIVES) >= 2, exercise.name


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=str)
def test_alternative_gets_full_marks(alternative, course, suite, sandbox, tmp_path):
    """Does the alternative implementation get every point on 100 student seeds?"""
    if alternative.exercise not in {e.name for e in course.exercises}:
        pytest.skip(f"{alternative.exercise} is not in course.toml yet")
    folder = build(alternative, course.root / "solutions", tmp_path)
    for seed, parts in enumerate(grade_on_seeds(alternative, folder, course=course, suite=suite,
                                                sandbox=sandbox, seeds=SEEDS)):
        for name, part in parts.items():
            assert part.score == part.max_score, f"seed {seed}: {alternative} loses points on {name}:\n{part.output()}"
