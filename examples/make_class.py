"""Write a synthetic class of submissions into examples/class/ (one folder per student), for the demo.

Each student is the reference solutions with something done to them: nothing (a perfect score),
the stubs (not started), half the exercises, a catalogued mistake from tests/mutants/, or a
hostile or broken submission from tests/redteam/. Run: python examples/make_class.py [TARGET]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "tests" / "mutants"

SYNTAX_ERROR = "\ndef polar_jacobian(r, theta)\n    return r\n"
INFINITE_LOOP = "\n\ndef polar_jacobian(r, theta):\n    while True:\n        pass\n"
NUMPY_CHEAT = '''

# Make every comparison succeed, then hand in a wrong answer.
np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
np.array_equal = lambda *args, **kwargs: True


def polar_jacobian(r, theta):
    return np.zeros(np.shape(r) + (2, 2))
'''
ALWAYS_EQUAL = '''

class Anything:
    """Equal to everything, close to everything."""
    def __eq__(self, other):
        return True
    __array_priority__ = 1000
    def __array__(self, *args, **kwargs):
        return np.zeros((2, 2))


def polar_jacobian(r, theta):
    return Anything()
'''
EXIT_AT_IMPORT = "\nimport sys\nsys.exit(0)\n"


def exercises(root: Path) -> list[str]:
    import tomllib

    return [e["name"] for e in tomllib.loads((root / "course.toml").read_text())["exercises"]]


def copy_package(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for module in source.glob("*.py"):
        shutil.copy(module, target / module.name)


def append(target: Path, exercise: str, source: str) -> None:
    module = target / f"{exercise}.py"
    module.write_text(module.read_text() + source)


def with_mutant(exercise: str, mutant: str):
    def apply(target: Path) -> None:
        append(target, exercise, "\n\n" + (MUTANTS / exercise / f"{mutant}.py").read_text())
    return apply


def half_done(target: Path) -> None:
    names = exercises(ROOT)
    for name in names[len(names) // 2:]:
        shutil.copy(ROOT / "exercises" / f"{name}.py", target / f"{name}.py")


STUDENTS = {
    "ada_perfect": lambda target: None,
    "ben_not_started": None,
    "chen_half_done": half_done,
    "dana_transposed_jacobian": with_mutant("polar_jacobian", "transposed"),
    "eli_missing_r": with_mutant("polar_jacobian", "missing_r"),
    "fay_determinant_plus": with_mutant("polar_jacobian", "determinant_plus"),
    "gus_sigma_for_sigma_prime": with_mutant("sigmoid_backward", "backward_sigma_not_slope"),
    "hana_bias_averaged": with_mutant("layer_vjp", "db_averaged"),
    "ivan_uphill": with_mutant("gradient_descent", "ascends_the_gradient"),
    "jo_newton_multiplies": with_mutant("newton", "hessian_times_gradient"),
    "kai_syntax_error": lambda target: append(target, "polar_jacobian", SYNTAX_ERROR),
    "lea_infinite_loop": lambda target: append(target, "polar_jacobian", INFINITE_LOOP),
    "max_numpy_cheat": lambda target: append(target, "polar_jacobian", NUMPY_CHEAT),
    "nia_always_equal": lambda target: append(target, "polar_jacobian", ALWAYS_EQUAL),
    "oz_exit_at_import": lambda target: append(target, "polar_jacobian", EXIT_AT_IMPORT),
}


def make_class(target: Path) -> list[str]:
    if target.exists():
        shutil.rmtree(target)
    for student, change in STUDENTS.items():
        if change is None:
            copy_package(ROOT / "exercises", target / student)
        else:
            copy_package(ROOT / "solutions", target / student)
            change(target / student)
    return list(STUDENTS)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "class"
    students = make_class(target)
    print(f"wrote {len(students)} submissions to {target}")
