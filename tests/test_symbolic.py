"""jackit.symbolic: symbolic Jacobians, equivalence, the student messages, and the sympy wire format."""

from __future__ import annotations

import builtins
import json
import time
from contextlib import contextmanager

import numpy as np
import pytest
import sympy as sp

from jackit.checks import CheckFailure
from jackit.symbolic import (
    MAX_DEPTH,
    MAX_NODES,
    check_equivalent,
    equivalent,
    from_tree,
    symbolic_jacobian,
    to_tree,
)

r, theta, phi = sp.symbols("r theta phi")
x, y, z = sp.symbols("x y z")
r_positive = sp.Symbol("r", positive=True)

POLAR = [r * sp.cos(theta), r * sp.sin(theta)]
POLAR_JACOBIAN = sp.Matrix([[sp.cos(theta), -r * sp.sin(theta)], [sp.sin(theta), r * sp.cos(theta)]])
SPHERICAL = [r * sp.sin(phi) * sp.cos(theta), r * sp.sin(phi) * sp.sin(theta), r * sp.cos(phi)]


def wire(value):
    """What the grader receives: to_tree in the worker, JSON on the wire, from_tree in the grader."""
    return from_tree(json.loads(json.dumps(to_tree(value))))


@contextmanager
def bounded_time(seconds: float):
    """The block must finish within `seconds` (for the denial-of-service tests)."""
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s"


def failure_of(got, expected, **kwargs) -> CheckFailure:
    with pytest.raises(CheckFailure) as caught:
        check_equivalent(got, expected, rng=0, **kwargs)
    return caught.value


# --------------------------------------------------------------------------------------------
# symbolic_jacobian


def test_polar_jacobian_is_the_known_matrix():
    """Is the Jacobian of (r cos θ, r sin θ) with respect to (r, θ) the textbook matrix?"""
    assert symbolic_jacobian(POLAR, [r, theta]) == POLAR_JACOBIAN


def test_polar_jacobian_determinant_simplifies_to_r():
    """Does the determinant of the polar Jacobian simplify to r?"""
    assert sp.simplify(symbolic_jacobian(POLAR, [r, theta]).det()) == r


def test_jacobian_rows_are_outputs_and_columns_inputs():
    """Is a 3-output, 2-input Jacobian 3x2, with d output_i / d input_j at [i, j]?"""
    jac = symbolic_jacobian([x * y, x + y, x**2], [x, y])
    assert jac.shape == (3, 2)
    assert jac == sp.Matrix([[y, x], [1, 1], [2 * x, 0]])


def test_jacobian_accepts_sympy_vectors_and_refuses_strings():
    """Are Matrix vectors accepted, and is a string refused instead of parsed as code?"""
    assert symbolic_jacobian(sp.Matrix(POLAR), sp.Matrix([[r, theta]])) == POLAR_JACOBIAN
    with pytest.raises(sp.SympifyError):
        symbolic_jacobian(["r*cos(theta)"], [r])
    with pytest.raises(ValueError, match="distinct"):
        symbolic_jacobian(POLAR, [r, r])


# --------------------------------------------------------------------------------------------
# equivalent


@pytest.mark.parametrize(
    ("got", "expected"),
    [
        (sp.sin(theta) ** 2 + sp.cos(theta) ** 2, 1),
        (r * sp.cos(theta), r * sp.sin(theta + sp.pi / 2)),
        (sp.sin(2 * theta), 2 * sp.sin(theta) * sp.cos(theta)),
        (sp.cosh(x) ** 2 - sp.sinh(x) ** 2, sp.Integer(1)),
        (sp.exp(x + y), sp.exp(x) * sp.exp(y)),
        (((x + y) ** 12).expand(), (x + y) ** 12),  # too large for simplify: decided at random points
        (sp.Float("0.333333333333333") * x, x / 3),  # within the relative tolerance
        (sp.log(r_positive**2), 2 * sp.log(r_positive)),
    ],
)
def test_equal_expressions_are_equivalent(got, expected):
    """Are mathematically equal expressions (trigonometric identities, expanded forms) equivalent?"""
    assert equivalent(got, expected, rng=0)


@pytest.mark.parametrize(
    ("got", "expected"),
    [
        (r * sp.cos(theta), r * sp.sin(theta)),
        (sp.sin(theta) ** 2 - sp.cos(theta) ** 2, 1),
        (((x + y) ** 12).expand() + x**11 * y / 10**6, (x + y) ** 12),
        (sp.Float("0.3333") * x, x / 3),
        (sp.log(r**2), 2 * sp.log(r)),  # plain r may be negative
    ],
)
def test_different_expressions_are_not_equivalent(got, expected):
    """Are expressions that differ somewhere in the domain (even slightly) told apart?"""
    assert not equivalent(got, expected, rng=0)


def test_transposed_polar_jacobian_is_not_equivalent():
    """Is the transpose of the polar Jacobian told apart from it?"""
    assert not equivalent(POLAR_JACOBIAN.T, POLAR_JACOBIAN, rng=0)


def test_sign_error_is_not_equivalent():
    """Is a Jacobian with one sign flipped told apart from the right one?"""
    wrong = POLAR_JACOBIAN.copy()
    wrong[0, 1] = r * sp.sin(theta)
    assert not equivalent(wrong, POLAR_JACOBIAN, rng=0)


def test_the_reference_assumptions_define_the_domain():
    """Is sqrt(r**2) equal to r when the reference's r is positive, and only then?"""
    assert equivalent(sp.sqrt(r**2), r_positive, rng=0)
    assert not equivalent(sp.sqrt(r**2), r, rng=0)


def test_symbols_are_matched_by_name():
    """Does a student's positive r count as the reference's plain r?"""
    student = symbolic_jacobian([r_positive * sp.cos(theta), r_positive * sp.sin(theta)], [r_positive, theta])
    assert student != POLAR_JACOBIAN  # different sympy symbols ...
    assert equivalent(student, POLAR_JACOBIAN, rng=0)  # ... the same variable


def test_an_answer_depending_on_an_extra_symbol_is_not_equivalent():
    """Is x*cos(θ) (x is not the exercise's variable) told apart from r*cos(θ)?"""
    assert not equivalent(x * sp.cos(theta), r * sp.cos(theta), rng=0)


def test_points_where_the_reference_is_not_finite_are_replaced():
    """Where the reference is infinite for x < 0, are the points with x > 0 used instead?"""
    reference = 1 / sp.Heaviside(x)
    assert equivalent(reference + sp.sin(x) ** 2 + sp.cos(x) ** 2 - 1, reference, rng=1)
    assert not equivalent(reference + sp.Rational(1, 1000), reference, rng=1)


def test_a_reference_infinite_everywhere_matches_nothing_quickly():
    """Is nothing (but itself) equivalent to a reference that is not finite anywhere, without simplify?"""
    reference = from_tree(["tanh", ["tanh", ["Add", ["E"], ["zoo"], ["I"]]]])
    with bounded_time(2.0):  # simplify takes a minute on this one
        assert not equivalent(x, reference, rng=0)
        assert equivalent(reference, reference, rng=0)


def test_an_answer_infinite_where_the_reference_is_finite_is_not_equivalent():
    """Is 1/(x - x) (complex infinity) told apart from a finite reference?"""
    assert not equivalent(sp.Integer(1) / (x - x), sp.Integer(1), rng=0)
    assert not equivalent(1 / (x - 1) - 1 / (x - 1) + sp.zoo, x, rng=0)


def test_shapes_and_types_must_match():
    """Are different shapes, a matrix against a scalar, and non-sympy values not equivalent?"""
    assert not equivalent(sp.Matrix([[1, 2]]), sp.Matrix([[1], [2]]))
    assert not equivalent(sp.Matrix([[x]]), x)
    assert not equivalent([[1, 0], [0, 1]], sp.eye(2))
    assert not equivalent("x", x)  # a string is never parsed
    assert equivalent(sp.ImmutableMatrix(POLAR_JACOBIAN), POLAR_JACOBIAN)
    assert equivalent(0, sp.diff(r, theta))


# --------------------------------------------------------------------------------------------
# check_equivalent


def test_check_accepts_an_equivalent_answer():
    """Does check_equivalent return quietly for a right answer written differently?"""
    student = sp.Matrix(
        [[sp.sin(theta + sp.pi / 2), -r_positive * sp.sin(theta)], [sp.sin(theta), r * sp.cos(theta)]]
    )
    check_equivalent(student, POLAR_JACOBIAN, rng=0)


def test_check_reports_a_wrong_type():
    """Is a numpy array where a sympy Matrix is expected reported as a type error?"""
    failure = failure_of(np.eye(2), POLAR_JACOBIAN, name="polar_jacobian()")
    assert failure.kind == "type"
    assert "expected a sympy Matrix of shape (2, 2), found a numpy array" in str(failure)
    assert "Wrap it in sympy.Matrix" in str(failure_of([[1, 0], [0, 1]], POLAR_JACOBIAN))
    assert "found None" in str(failure_of(None, r))


def test_check_reports_a_wrong_shape():
    """Is a 2x3 matrix where a 2x2 is expected reported as a shape error, with a transpose hint?"""
    failure = failure_of(sp.zeros(2, 3), POLAR_JACOBIAN)
    assert failure.kind == "shape"
    assert (failure.expected_shape, failure.found_shape) == ((2, 2), (2, 3))
    assert "transposed" in str(failure_of(sp.zeros(3, 2), sp.zeros(2, 3)))


def test_check_names_the_first_differing_entry():
    """Does a sign error point at its entry, with the expected and the found expression?"""
    wrong = POLAR_JACOBIAN.copy()
    wrong[0, 1] = r * sp.sin(theta)
    for student in (wrong, wire(wrong)):  # in the student's process, and in the grader
        failure = failure_of(student, POLAR_JACOBIAN)
        assert failure.kind == "value"
        assert failure.worst_index == (0, 1)
        assert "entry [0, 1] should be -r*sin(theta), found r*sin(theta)" in str(failure)


def test_check_names_an_unknown_symbol():
    """Is an answer in x rather than the exercise's r and θ reported as an unknown symbol?"""
    student = POLAR_JACOBIAN.subs(r, x)
    failure = failure_of(student, POLAR_JACOBIAN)
    assert "your answer uses x, which the exercise does not define: use r and theta" in str(failure)


def test_check_recognises_a_transpose():
    """Is the transposed Jacobian reported as a transpose (rows are outputs)?"""
    assert "transpose" in str(failure_of(POLAR_JACOBIAN.T, POLAR_JACOBIAN))


def test_check_of_a_scalar_expression():
    """Does a wrong scalar answer show both expressions?"""
    failure = failure_of(r * sp.sin(theta), r * sp.cos(theta), name="dx/dr")
    assert str(failure) == "Wrong value for dx/dr: it should be r*cos(theta), found r*sin(theta)."
    check_equivalent(0, sp.Integer(0))
    assert failure_of(True, sp.Integer(1)).kind == "type"


# --------------------------------------------------------------------------------------------
# to_tree / from_tree: round trips

ROUND_TRIP = [
    r * sp.cos(theta),
    sp.sqrt(x**2 + y**2),
    -x / 3 + sp.Rational(7, 2) * y**-2,
    sp.Float("0.1") * x + sp.Float("1e-300") + sp.Float("2.5e+200"),
    sp.Float("0.1", 40) * x,
    sp.exp(-(x**2)) * sp.log(y) + sp.tan(z),
    sp.Abs(x) + sp.sign(y) + sp.Heaviside(z) + sp.Heaviside(x, 0),
    sp.sinh(x) * sp.cosh(y) / sp.tanh(z),
    sp.asin(x) + sp.acos(y) + sp.atan(z) + sp.atan2(y, x),
    sp.pi * sp.E * sp.I + sp.Integer(-(10**50)),
    sp.oo, -sp.oo, sp.zoo, sp.nan, sp.Integer(0),
    sp.factor(2 * x + 2 * y),  # 2*(x + y), not distributed
    r_positive * sp.Symbol("n", integer=True) + sp.Symbol("θ"),
    sp.Matrix([[x, 1], [sp.sin(y), 0]]),
    sp.ImmutableMatrix([[x], [y], [z]]),
    sp.zeros(0, 3),
]  # fmt: skip


@pytest.mark.parametrize("value", ROUND_TRIP, ids=lambda value: sp.sstr(value)[:40])
def test_round_trip_gives_back_the_same_value(value):
    """Does to_tree, JSON and from_tree give back a structurally equal sympy value?"""
    assert wire(value) == value


def test_round_trip_keeps_symbol_assumptions():
    """Does a positive symbol come back positive, so that sqrt(r**2) is still r?"""
    back = wire(sp.Matrix([[r_positive]]))[0, 0]
    assert back.is_positive and sp.sqrt(back**2) == back


def test_spherical_jacobian_survives_the_wire():
    """Does the spherical-coordinates Jacobian cross the wire intact, determinant r**2*sin(phi)?"""
    jac = symbolic_jacobian(SPHERICAL, [r, phi, theta])
    back = wire(jac)
    assert type(back) is sp.Matrix and back == jac
    assert sp.simplify(back.det()) == r**2 * sp.sin(phi)


def test_tree_format_example():
    """Is r*cos(theta) the documented tree?"""
    assert to_tree(r * sp.cos(theta)) == ["Mul", ["Symbol", "r"], ["cos", ["Symbol", "theta"]]]
    assert to_tree(sp.Matrix([[1]])) == ["Matrix", 1, 1, [["Integer", "1"]]]


def test_the_grader_side_never_evaluates_code(monkeypatch):
    """Do from_tree, equivalent and check_equivalent run without eval, exec, compile or the parser?"""
    import sympy.parsing.sympy_parser as parser

    def forbidden(*args, **kwargs):
        raise AssertionError("code was evaluated")

    trees = [to_tree(value) for value in ROUND_TRIP]
    wrong = to_tree(POLAR_JACOBIAN.T)
    for module, name in [(builtins, "eval"), (builtins, "exec"), (builtins, "compile"), (parser, "parse_expr")]:
        monkeypatch.setattr(module, name, forbidden)
    for tree in trees:
        value = from_tree(tree)
        assert equivalent(value, value, rng=0)
    with pytest.raises(CheckFailure, match="transpose"):
        check_equivalent(from_tree(wrong), POLAR_JACOBIAN, rng=0)


# --------------------------------------------------------------------------------------------
# to_tree / from_tree: rejections


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (sp.Integral(x, x), "Integral"),
        (sp.Derivative(sp.Function("f")(x), x), "Derivative"),
        (sp.Function("f")(x), "the undefined function f"),
        (sp.Lambda(x, x**2), "Lambda"),
        (sp.Matrix([[sp.Piecewise((x, x > 0), (0, True))]]), "Piecewise"),
        (sp.Dummy("d"), "Dummy"),
        (sp.Max(x, 0), "Max"),
    ],
)
def test_to_tree_names_an_unlisted_node(value, named):
    """Does to_tree (in the worker) refuse a node outside the whitelist, naming it?"""
    with pytest.raises(ValueError, match=f"contains {named}, which jackit cannot grade"):
        to_tree(value)


def test_to_tree_refuses_what_the_grader_would_refuse():
    """Does to_tree refuse a non-sympy value and a number too long for from_tree, in the worker already?"""
    with pytest.raises(ValueError, match="expects a sympy expression"):
        to_tree([[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="more than 300 digits"):
        to_tree(sp.Integer(10) ** 5000 * x)


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        (["Integral", ["Symbol", "x"], ["Symbol", "x"]], "contains Integral"),
        (["f", ["Symbol", "x"]], "contains f"),
        (["Lambda", ["Symbol", "x"], ["Symbol", "x"]], "contains Lambda"),
        (["Add", "x", ["Integer", "1"]], "found a str"),
        ("x", "found a str"),
        ({"Symbol": "x"}, "found a dict"),
        (None, "found None"),
        (("Symbol", "x"), "found a tuple"),
        ([], "starting with its type name"),
        ([["Symbol", "x"]], "starting with its type name"),
        (["Symbol", "__import__('os')"], "not allowed"),
        (["Symbol", "x" * 33], "not allowed"),
        (["Symbol", 7], "not allowed"),
        (["Symbol", "x", ["commutative"]], "assumptions"),
        (["Symbol", "x", ["positive", "negative"]], "contradict"),
        (["Integer", 12], "decimal digits"),
        (["Integer", "0x1f"], "decimal digits"),
        (["Integer", "1_000"], "decimal digits"),
        (["Rational", "1", "0"], "denominator 0"),
        (["Float", "nan", 53], "decimal string"),
        (["Float", "1e99999", 53], "decimal string"),
        (["Float", "1.5", True], "precision"),
        (["Pow", ["Symbol", "x"]], "needs 2 arguments"),
        (["sin"], "needs 1 arguments"),
        (["pi", ["Symbol", "x"]], "needs 0 arguments"),
        (["Max", ["Symbol", "x"], ["Integer", "1"]], "contains Max"),
        (["Heaviside", ["Symbol", "x"], ["Integer", "1"], ["Integer", "1"]], "needs 1 to 2"),
        (["Matrix", 2, 2, [["Integer", "1"]]], "needs a list of 4 entries"),
        (["Matrix", -1, 0, []], "between 0 and"),
        (["Matrix", True, 1, [["Integer", "1"]]], "between 0 and"),
        (["Add", ["Matrix", 1, 1, [["Integer", "1"]]], ["Integer", "1"]], "whole result"),
    ],
)
def test_from_tree_refuses_malformed_or_unlisted_nodes(tree, message):
    """Does from_tree (in the grader) refuse anything outside the format with a clear ValueError?"""
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        from_tree(tree)


def nested(depth: int) -> list:
    tree = ["Symbol", "x"]
    for _ in range(depth):
        tree = ["sin", tree]
    return tree


def test_from_tree_bounds_depth_and_node_count():
    """Are trees deeper than MAX_DEPTH or larger than MAX_NODES refused, and the limits reachable?"""
    assert from_tree(nested(MAX_DEPTH)).has(sp.sin)
    with pytest.raises(ValueError, match="nested more than"):
        from_tree(nested(MAX_DEPTH + 1))
    with pytest.raises(ValueError, match=f"more than {MAX_NODES} nodes"):
        from_tree(["Add", *[["Symbol", f"x{i}"] for i in range(MAX_NODES)]])
    with pytest.raises(ValueError, match="nested more than"):
        to_tree(from_tree(nested(MAX_DEPTH)) ** 2)  # the worker says so too


def test_from_tree_refuses_an_integer_with_a_million_digits():
    """Is a 10**6-digit Integer refused quickly, before it is converted?"""
    with bounded_time(1.0), pytest.raises(ValueError, match="decimal digits"):
        from_tree(["Integer", "9" * 10**6])


EXPLOSIVE = {
    "tower": ["Pow", ["Integer", "10"], ["Pow", ["Integer", "10"], ["Integer", "10"]]],
    # exp(10**7 * log(3)), which sympy would turn into 3**(10**7)
    "exp-log": ["exp", ["Mul", ["Integer", "10000000"], ["log", ["Integer", "3"]]]],
    # (3*x)**(10**7), which sympy would turn into 3**(10**7) * x**(10**7)
    "product-power": ["Pow", ["Mul", ["Integer", "3"], ["Symbol", "x"]], ["Integer", "10000000"]],
    "root-power": ["Pow", ["Pow", ["Integer", "3"], ["Rational", "1", "2"]], ["Integer", "20000000"]],
    # the square root of a 900-bit number, which sympy would try to factor
    "large-root": ["Pow", ["Integer", str(2**900 + 1)], ["Rational", "1", "2"]],
    "many-powers": ["Mul", *[["Pow", ["Integer", "10"], ["Integer", "1000"]] for _ in range(50)]],
    # comparisons of constants, which sympy would evaluate numerically at length
    "constants": ["sinh", ["atan2", ["acos", ["pi"]], ["Heaviside", ["Integer", "-3"], ["E"]]]],
}


@pytest.mark.parametrize("tree", EXPLOSIVE.values(), ids=EXPLOSIVE.keys())
def test_explosive_trees_are_rebuilt_unevaluated_and_rejected_quickly(tree):
    """Is a tree that sympy would evaluate at length rebuilt as written, and failed, in well under a second?"""
    with bounded_time(2.0):
        value = from_tree(tree)
        assert to_tree(value) == tree  # nothing was computed
        assert not equivalent(value, sp.Integer(1), rng=0)
        assert failure_of(value, sp.Integer(1)).kind == "value"
    assert str(from_tree(EXPLOSIVE["tower"])) == "10**(10**10)"


def test_a_tree_is_rebuilt_as_written():
    """Does x + x come back as x + x (not 2*x), and is it still equivalent to 2*x?"""
    tree = ["Add", ["Symbol", "x"], ["Symbol", "x"]]
    value = from_tree(tree)
    assert to_tree(value) == tree and value != 2 * x
    assert equivalent(value, 2 * x, rng=0)


def test_large_nested_trees_build_and_compare_quickly():
    """Do 99 nested products and sums over a 4000-term sum build and compare in seconds?"""
    symbols = sp.symbols("a0:4000")
    terms = [["Symbol", symbol.name] for symbol in symbols]
    products, sums = ["Add", *terms], ["Add", *terms]
    for i in range(MAX_DEPTH - 1):
        products = ["Mul", ["Integer", "2"], products]
        sums = ["Add", sums, ["Symbol", f"b{i}"]]
    with bounded_time(10.0):
        assert equivalent(from_tree(products), 2**99 * sp.Add(*symbols), rng=0)
        assert equivalent(from_tree(sums), sp.Add(*symbols, *sp.symbols("b0:99")), rng=0)
        assert not equivalent(from_tree(sums), sp.Add(*symbols), rng=0)


def test_hostile_but_buildable_answers_are_rejected_quickly():
    """Is 10**((sin²θ + cos²θ + 999)**3), equal to 10**(10**9), rejected without computing it?"""
    identity = sp.sin(theta) ** 2 + sp.cos(theta) ** 2
    tower = wire(sp.Pow(10, (identity + 999) ** 3))
    multinomial = wire(((x + y + z) ** 16 * (r + theta + phi) ** 16))
    with bounded_time(5.0):
        assert not equivalent(tower, sp.Integer(1), rng=0)
        assert failure_of(tower, sp.Integer(1)).kind == "value"
        assert not equivalent(multinomial, sp.Integer(1), rng=0)


def test_cancelling_large_terms_cannot_hide_a_wrong_answer():
    """Is (x + 1)·e**600 - x·e**600 - e**600 + 5 (large terms that cancel) evaluated precisely enough to be 5?"""
    big = sp.exp(600)
    padded = (x + 1) * big - x * big - big + 5  # sympy does not expand (x + 1)*big: nothing cancels
    assert padded != 5
    assert equivalent(padded, sp.Integer(5), rng=0)
    assert not equivalent(padded, x, rng=0)
    assert not equivalent(padded + sp.Rational(1, 10**6), sp.Integer(5), rng=0)
