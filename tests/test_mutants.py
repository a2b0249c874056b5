"""Does every plausible wrong implementation lose the points of the parts it breaks, and only those?"""

from __future__ import annotations

import pytest

from variants import build, grade_on_seeds, variants

SEEDS = 20
MUTANTS = variants("mutants")


def test_the_catalogue_is_large_enough(course):
    """Are there at least 4 mutants per exercise, each naming the parts it breaks?"""
    for exercise in course.exercises:
        mine = [m for m in MUTANTS if m.exercise == exercise.name]
        assert len(mine) >= 4, f"{exercise.name} has {len(mine)} mutants"
        for mutant in mine:
            assert mutant.breaks, f"{mutant} has no 'Breaks:' line"
            assert mutant.breaks <= set(exercise.parts), f"{mutant} breaks unknown parts {mutant.breaks}"


@pytest.mark.parametrize("mutant", MUTANTS, ids=str)
def test_mutant_loses_exactly_its_parts(mutant, course, suite, sandbox, tmp_path):
    """Does the mutant score below full marks on the parts it breaks and full marks elsewhere, on 20 seeds?"""
    if mutant.exercise not in {e.name for e in course.exercises}:
        pytest.skip(f"{mutant.exercise} is not in course.toml yet")
    folder = build(mutant, course.root / "solutions", tmp_path)
    for seed, parts in enumerate(grade_on_seeds(mutant, folder, course=course, suite=suite, sandbox=sandbox,
                                                seeds=SEEDS)):
        for name, part in parts.items():
            if name in mutant.breaks:
                assert part.score < part.max_score, f"seed {seed}: {mutant} keeps every point of {name}"
            else:
                assert part.score == part.max_score, (
                    f"seed {seed}: {mutant} loses points of {name}, which it does not break:\n{part.output()}")
