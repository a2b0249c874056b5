"""Does every plausible wrong implementation lose the points of the parts it breaks, and only those,
and does the grader name the mistake with the mutant's own misconception message?"""

from __future__ import annotations

import pytest

from variants import build, grade_on_seeds, variants

SEEDS = 20
MUTANTS = variants("mutants")
DIAGNOSED: dict[str, set[str]] = {}
"""Misconception ids the grader named for each mutant, over all its seeds (filled as mutants are graded)."""


def test_the_catalogue_is_large_enough(course):
    """Are there at least 4 mutants per exercise, each naming the parts it breaks?"""
    for exercise in course.exercises:
        mine = [m for m in MUTANTS if m.exercise == exercise.name]
        assert len(mine) >= 4, f"{exercise.name} has {len(mine)} mutants"
        for mutant in mine:
            assert mutant.breaks, f"{mutant} has no 'Breaks:' line"
            assert mutant.breaks <= set(exercise.parts), f"{mutant} breaks unknown parts {mutant.breaks}"


def grade_mutant(mutant, course, suite, sandbox, tmp_path, seeds):
    folder = build(mutant, course.root / "solutions", tmp_path)
    results = grade_on_seeds(mutant, folder, course=course, suite=suite, sandbox=sandbox, seeds=seeds)
    DIAGNOSED[str(mutant)] = {i for parts in results for p in parts.values() for o in p.outcomes
                              for i in o.misconceptions}
    return results


@pytest.mark.parametrize("mutant", MUTANTS, ids=str)
def test_mutant_loses_exactly_its_parts(mutant, course, suite, sandbox, tmp_path):
    """Does the mutant score below full marks on the parts it breaks and full marks elsewhere, on 20 seeds?"""
    for seed, parts in enumerate(grade_mutant(mutant, course, suite, sandbox, tmp_path, SEEDS)):
        for name, part in parts.items():
            if name in mutant.breaks:
                assert part.score < part.max_score, f"seed {seed}: {mutant} keeps every point of {name}"
            else:
                assert part.score == part.max_score, (
                    f"seed {seed}: {mutant} loses points of {name}, which it does not break:\n{part.output()}")


def test_mutants_are_diagnosed_by_their_own_message(course, suite, sandbox, tmp_path, capsys):
    """Do at least 90% of the mutants get their own misconception message, and does none get a message
    catalogued for another mutant of its exercise, except where the two mistakes return identical values?"""
    for mutant in MUTANTS:
        if str(mutant) not in DIAGNOSED:  # run alone: grade on a few seeds
            grade_mutant(mutant, course, suite, sandbox, tmp_path / mutant.exercise, 3)
    mutant_ids = {(m.exercise, m.id) for m in MUTANTS}
    own, foreign = [], []
    lines = [f"{'mutant':58s} own  other mutants' messages"]
    for mutant in MUTANTS:
        found = DIAGNOSED[str(mutant)]
        others = sorted(i for i in found if i != mutant.id and (mutant.exercise, i) in mutant_ids
                        and i not in mutant.same_as)
        own.append(mutant.id in found)
        foreign += [f"{mutant} → {i}" for i in others]
        lines.append(f"{str(mutant):58s} {'yes' if mutant.id in found else ' no'}  {', '.join(others)}")
    lines.append(f"own message: {sum(own)}/{len(own)} = {sum(own) / len(own):.0%}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert sum(own) >= 0.9 * len(own)
    assert not foreign, foreign
