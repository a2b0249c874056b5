"""Symbolic Jacobians with sympy: build them, compare them, and carry them across the trust boundary.

Comparing (`equivalent`, `check_equivalent`)
---------------------------------------------
Two expressions are equivalent when they are equal as functions of their symbols. Symbols are
matched by name: a student's `Symbol("r", positive=True)` is the reference's `Symbol("r")`, and
the reference's assumptions (positive, integer, ...) define the domain. Per entry:

1. the same expression (structurally, as sympy compares): equivalent;
2. otherwise both sides are evaluated at `points` random points of the domain (positive values
   for positive symbols, real values of either sign for plain ones, integers for integer ones;
   30 significant digits, more where the expression cancels large terms). A point where the
   reference is not finite is replaced by another one (MAX_ATTEMPTS_PER_POINT times at most).
   Agreement within `RTOL` (relative) at every point: equivalent. A point where they differ,
   or where only the student's value is not finite (an answer undefined where the reference is
   defined is wrong), or no usable point at all: not equivalent;
3. only where the evaluator does not know a function (outside the wire format's whitelist: in
   a reference, or in a value checked in the student's own process), the difference is given
   to expand, trigsimp and simplify, and equivalent means it became 0.

Simplification comes last on purpose: its cost cannot be bounded (during testing, simplify
spent 5 to 50 s on 10-node expressions of constants), while the evaluation at random points
costs a bounded amount per node. A value rebuilt by from_tree cannot reach step 3 on its own,
and step 3 also requires small, tame expressions (`_safe_to_simplify`).

The wire format (`to_tree`, `from_tree`)
----------------------------------------
A sympy value computed by student code crosses from the untrusted worker to the trusted grader as
JSON-able nested lists, never as pickle or as text to parse. Every node is a list whose first item
is a tag:

    ["Symbol", name]  or  ["Symbol", name, [assumption, ...]]   name: identifier, <= 32 chars;
                                assumptions (True ones only) among SYMBOL_ASSUMPTIONS
    ["Integer", "-12"]          decimal digits, at most MAX_INTEGER_DIGITS
    ["Rational", "1", "3"]      numerator and denominator, as for Integer
    ["Float", "0.1", 53]        decimal mantissa and exponent (<= 3 digits), precision in bits
    ["pi"] ["E"] ["I"] ["oo"] ["-oo"] ["zoo"] ["nan"]
    ["Add", a, b, ...]  ["Mul", a, b, ...]  ["Pow", base, exponent]
    [function, arg, ...]        sin cos tan exp log Abs sign sinh cosh tanh asin acos atan (1 arg),
                                atan2 (2), Heaviside (1 or 2)
    ["Matrix", rows, cols, [entry, ...]]   top level only; entries in row-major order

sqrt(x) is ["Pow", x, ["Rational", "1", "2"]]. For example r*cos(theta) is
["Mul", ["Symbol", "r"], ["cos", ["Symbol", "theta"]]].

`from_tree` runs in the grader and rebuilds the value from this whitelist only: anything else is a
ValueError naming what was found. A hostile tree costs at most MAX_NODES nodes, MAX_DEPTH levels
and bounded strings, and nothing in it is computed: every node is rebuilt with evaluate=False, so
10**(10**10) stays written as such (sympy's eager evaluation of exact powers, of exp(n*log(3)),
of comparisons between constants would otherwise let a tree of a few nodes hang the grader).
The tree of an evaluated expression comes back equal (==) to it.

The rebuilt value is therefore unevaluated and possibly hostile: the grader must not compute
with it (det, simplify, subs, arithmetic may trigger the evaluation that from_tree avoided).
`equivalent` and `check_equivalent` never do: they compare structurally, evaluate numerically
with their own bounded evaluator, and print with their own printer (`_text`).
"""

from __future__ import annotations

import enum
import math
import re
import threading
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from mpmath import libmp
from sympy.core.function import AppliedUndef

from jackit.checks import CheckFailure

__all__ = [
    "symbolic_jacobian",
    "equivalent",
    "check_equivalent",
    "to_tree",
    "from_tree",
]

# --------------------------------------------------------------------------------------------
# Limits

RTOL = 1e-9
"""Relative difference under which two values at a random point are taken as equal."""
ATOL = 1e-20
"""Absolute difference always allowed (rounding of an exact 0, such as sin² + cos² - 1)."""
MAX_ATTEMPTS_PER_POINT = 10
"""Random points drawn per point asked for, before giving up on finding ones where the reference is finite."""
DIGITS = 30
"""The evaluation at random points is exact to about 10**-DIGITS (more digits where values are large)."""
MAX_DIGITS_LOST = 300
"""Values beyond 10**300 count as not finite, so at most this many digits are lost to cancellation."""

SIMPLIFY_MAX_NODES = 80
"""Larger expressions are not given to expand/trigsimp/simplify (their cost is unbounded)."""
SIMPLIFY_MAX_TERMS = 1000
"""Largest number of terms `expand` may produce."""
SIMPLIFY_MAX_EXPONENT = 16
"""Largest numerator or denominator of a power's exponent in an expression given to simplify."""
SIMPLIFY_MAX_NUMBER = 10**4
"""Largest numerator or denominator of a number in an expression given to simplify."""

MAX_NODES = 20_000
MAX_DEPTH = 100
MAX_INTEGER_DIGITS = 300
MAX_NAME_LENGTH = 32
MAX_FLOAT_CHARS = 400
MAX_FLOAT_PRECISION = 1024
MAX_MATRIX_SIDE = 1000
SYMBOL_ASSUMPTIONS = ("integer", "negative", "nonnegative", "nonpositive", "nonzero", "positive", "real")

# --------------------------------------------------------------------------------------------
# The whitelist of the wire format

_CONSTANTS: dict[str, sp.Basic] = {
    "pi": sp.pi,
    "E": sp.E,
    "I": sp.I,
    "oo": sp.oo,
    "-oo": -sp.oo,
    "zoo": sp.zoo,
    "nan": sp.nan,
}
_CONSTANT_TAGS = {value: tag for tag, value in _CONSTANTS.items()}
_NOT_FINITE = (sp.oo, -sp.oo, sp.zoo, sp.nan)

_FUNCTIONS: dict[str, type] = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "log": sp.log,
    "Abs": sp.Abs, "sign": sp.sign, "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "atan2": sp.atan2,
    "Heaviside": sp.Heaviside,
}  # fmt: skip
# Not Max and Min: even unevaluated, sympy sorts their arguments by comparing them, which can
# mean evaluating constants numerically, or fail (Max(nan, 1)).
_FUNCTION_TAGS = {cls: tag for tag, cls in _FUNCTIONS.items()}
_OPERATORS: dict[str, type] = {"Add": sp.Add, "Mul": sp.Mul, "Pow": sp.Pow}

_ARITY: dict[str, tuple[int, int]] = {
    **{tag: (1, 1) for tag in _FUNCTIONS},
    "atan2": (2, 2),
    "Heaviside": (1, 2),
    "Add": (2, MAX_NODES),
    "Mul": (2, MAX_NODES),
    "Pow": (2, 2),
}

_INTEGER_TEXT = re.compile(r"-?[0-9]+")
_FLOAT_TEXT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]{1,3})?")


# --------------------------------------------------------------------------------------------
# The Jacobian


def symbolic_jacobian(exprs, variables) -> sp.Matrix:
    """The Jacobian of the outputs `exprs` with respect to the inputs `variables`.

    Rows are outputs, columns are inputs: `jac[i, j] = d exprs[i] / d variables[j]`. Both
    arguments are a list (or a sympy vector); a single expression is a list of one output.

    >>> r, t = sp.symbols("r theta")
    >>> symbolic_jacobian([r * sp.cos(t), r * sp.sin(t)], [r, t])
    Matrix([
    [cos(theta), -r*sin(theta)],
    [sin(theta),  r*cos(theta)]])
    """
    outputs = _as_vector(exprs, "exprs")
    inputs = _as_vector(variables, "variables")
    if len(set(inputs)) != len(inputs):
        raise ValueError(f"variables must be distinct, got {inputs}")
    return sp.Matrix(len(outputs), len(inputs), lambda i, j: sp.diff(outputs[i], inputs[j]))


def _as_vector(values, what: str) -> list[sp.Basic]:
    """A flat list of sympy objects from a list, a tuple, a row or column Matrix or one expression."""
    if isinstance(values, sp.MatrixBase):
        if min(values.shape) > 1:
            raise ValueError(f"{what} must be a vector, got a matrix of shape {values.shape}")
        return list(values)
    if isinstance(values, sp.Basic):
        return [values]
    # strict: a string is refused instead of parsed as code.
    return [sp.sympify(value, strict=True) for value in values]


# --------------------------------------------------------------------------------------------
# Equivalence


class _Verdict(enum.Enum):
    AGREE = "agree"
    DISAGREE = "disagree"
    UNDECIDED = "undecided"


def equivalent(a, b, *, points: int = 5, rng=None) -> bool:
    """Are `a` and `b` (sympy expressions, or matrices of the same shape) equal as functions?

    `b` is the reference: its symbols' assumptions define the domain, and `a`'s symbols are
    matched to them by name. A symbol only `a` has is a variable like any other: an `a` that
    really depends on it is not equivalent to `b`. `rng` is a numpy Generator, a seed, or None
    (fresh entropy). The procedure is in the module docstring.
    """
    got, expected = _sympy_value(a), _sympy_value(b)
    if got is None or expected is None or _shape(got) != _shape(expected):
        return False
    return _first_differing_entry(got, expected, points, np.random.default_rng(rng)) is None


def _sympy_value(value) -> sp.Expr | sp.MatrixBase | None:
    """A sympy expression or matrix, or None: Python numbers are converted, nothing is parsed."""
    kind = type(value)
    if issubclass(kind, sp.MatrixBase):  # before MatrixExpr: ImmutableMatrix is both
        return value
    if issubclass(kind, sp.MatrixExpr):
        return None  # MatrixSymbol and friends: not an explicit matrix
    if issubclass(kind, sp.Expr):
        return value
    if kind is int:
        return sp.Integer(value)
    if kind is float:
        return sp.Float(value)
    return None


def _is_matrix(value) -> bool:
    return isinstance(value, sp.MatrixBase)


def _shape(value) -> tuple[int, ...] | None:
    """A matrix's shape; None for a scalar expression."""
    return value.shape if _is_matrix(value) else None


def _entries(value) -> list[tuple[tuple[int, ...], sp.Expr]]:
    """(index, entry) pairs in row-major order; a scalar is one entry with index ()."""
    if _is_matrix(value):
        rows, cols = value.shape
        return [((i, j), value[i, j]) for i in range(rows) for j in range(cols)]
    return [((), value)]


def _first_differing_entry(got, expected, points: int, rng: np.random.Generator) -> tuple[int, ...] | None:
    """The index of the first entry (row-major) where got and expected are not equivalent, or None."""
    domain = _domain(got, expected)
    for (index, got_entry), (_, expected_entry) in zip(_entries(got), _entries(expected)):
        if not _entries_equivalent(got_entry, expected_entry, domain, points, rng):
            return index
    return None


def _entries_equivalent(got: sp.Expr, expected: sp.Expr, domain: dict, points: int, rng) -> bool:
    """Structural equality, else random points, else (unknown functions) bounded simplification."""
    if got == expected:
        return True
    verdict = _numeric_verdict(got, expected, domain, points, rng)
    if verdict is not _Verdict.UNDECIDED:
        return verdict is _Verdict.AGREE
    return _simplifies_to_zero(got, expected)


def _domain(got, expected) -> dict[str, sp.Symbol]:
    """Each symbol name of either side -> the symbol whose assumptions say where to draw it from."""
    domain = {symbol.name: sp.Symbol(symbol.name) for symbol in _symbols(got)}
    domain.update({symbol.name: symbol for symbol in sorted(_symbols(expected), key=sp.default_sort_key)})
    return domain


def _symbols(value) -> set[sp.Symbol]:
    return {symbol for symbol in value.free_symbols if isinstance(symbol, sp.Symbol)}


# --- the fallback: simplification, where the evaluator does not know a function


def _simplifies_to_zero(got: sp.Expr, expected: sp.Expr) -> bool:
    """Does expand, trigsimp or simplify turn got - expected into 0 (small, tame expressions only)?"""
    if not (_safe_to_simplify(got) and _safe_to_simplify(expected)):
        return False
    try:
        renamed = got.xreplace({symbol: _same_name_in(expected, symbol) for symbol in _symbols(got)})
        difference = renamed - expected
        return any(step(difference) == 0 for step in (sp.expand, sp.trigsimp, sp.simplify))
    except Exception:  # sympy fails on some constants (zoo, nan): nothing was proven
        return False


def _same_name_in(expected: sp.Expr, symbol: sp.Symbol) -> sp.Symbol:
    return next((s for s in _symbols(expected) if s.name == symbol.name), sp.Symbol(symbol.name))


def _safe_to_simplify(expr: sp.Expr) -> bool:
    """Is `expr` small and tame enough for sympy to evaluate and simplify it quickly?

    Tame: small numbers, small numeric exponents, no log inside exp (exp(n*log(2)) is 2**n,
    which sympy computes exactly), no comparison of constants (Max(1, sin(1)) makes sympy
    evaluate numerically until it can decide). Only this module's own traversal looks at `expr`
    before it is known to be tame: sympy's count_ops would already evaluate parts of it.
    """
    nodes = list(sp.preorder_traversal(expr))
    if len(nodes) > SIMPLIFY_MAX_NODES:
        return False
    for node in nodes:
        if node.is_Number and not _is_small_rational(node, SIMPLIFY_MAX_NUMBER):
            return False
        if node.is_Pow and not _is_small_rational(node.exp, SIMPLIFY_MAX_EXPONENT):
            return False
        if isinstance(node, sp.exp) and node.has(sp.log):
            return False
        if node.func in _COMPARING_FUNCTIONS and not node.free_symbols:
            return False
    return _expanded_terms(expr) <= SIMPLIFY_MAX_TERMS


_COMPARING_FUNCTIONS = (sp.Abs, sp.sign, sp.atan2, sp.Heaviside, sp.Max, sp.Min)
"""Functions whose evaluation on constants makes sympy compare numbers (numerically, at length)."""


def _is_small_rational(value: sp.Expr, limit: int) -> bool:
    return value.is_Rational and abs(value.p) <= limit and value.q <= limit


def _expanded_terms(expr: sp.Expr) -> int:
    """An upper bound on the number of terms of `expand(expr)` (capped just above the limit)."""
    cap = SIMPLIFY_MAX_TERMS + 1
    if expr.is_Add:
        return min(cap, sum(_expanded_terms(arg) for arg in expr.args))
    if expr.is_Mul:
        return min(cap, math.prod(_expanded_terms(arg) for arg in expr.args))
    if expr.is_Pow and expr.exp.is_Integer:
        terms, power = _expanded_terms(expr.base), abs(int(expr.exp))
        return min(cap, math.comb(terms + power - 1, power)) if terms < cap else cap
    return 1


# --- random points


class _NotFinite(Exception):
    """The expression is not finite (or not defined) at this point."""


class _Unsupported(Exception):
    """The expression contains something the evaluator does not know."""


def _numeric_verdict(got: sp.Expr, expected: sp.Expr, domain: dict, points: int, rng) -> _Verdict:
    """Do got and expected agree at `points` random points where the reference is finite?

    UNDECIDED when either contains something the evaluator does not know (a function outside
    the whitelist, in a reference or in a value checked in the student's own process).
    """
    if not all(isinstance(atom, sp.Symbol) for atom in got.free_symbols | expected.free_symbols):
        return _Verdict.UNDECIDED  # an Indexed or a MatrixElement: nothing to draw values for
    names = sorted(_symbol_names(got) | _symbol_names(expected))
    needed = max(1, points) if names else 1  # a constant needs one evaluation
    used = 0
    for _ in range(needed * MAX_ATTEMPTS_PER_POINT):
        point = {name: _random_value(domain[name], rng) for name in names}
        try:
            agree = _agree_at(point, got, expected)
        except _Unsupported:
            return _Verdict.UNDECIDED
        if agree is None:
            continue  # a singularity of the reference: try another point
        if not agree:
            return _Verdict.DISAGREE
        used += 1
        if used >= needed:
            return _Verdict.AGREE
    return _Verdict.DISAGREE  # the reference is not finite anywhere tried: nothing can match it


def _symbol_names(expr: sp.Expr) -> set[str]:
    return {symbol.name for symbol in _symbols(expr)}


def _agree_at(point: dict[str, Any], got: sp.Expr, expected: sp.Expr) -> bool | None:
    """Do got and expected agree at `point`? None if the reference is not finite there."""
    try:
        reference = _evaluate(expected, point)
    except _NotFinite:
        return None
    try:
        student = _evaluate(got, point)
    except _NotFinite:
        return False  # finite reference, undefined or infinite answer
    return abs(student - reference) <= RTOL * max(abs(student), abs(reference)) + ATOL


def _random_value(symbol: sp.Symbol, rng: np.random.Generator) -> float | int:
    """A random value in the symbol's domain, away from 0 (where singularities tend to be)."""
    if symbol.is_zero:
        return 0
    if symbol.is_nonnegative:
        sign = 1
    elif symbol.is_nonpositive:
        sign = -1
    else:
        sign = 1 if rng.random() < 0.5 else -1
    if symbol.is_integer:
        return sign * int(rng.integers(1, 6))
    return sign * float(rng.uniform(0.5, 2.0))


_CONTEXTS = threading.local()


def _evaluate(expr: sp.Expr, point: dict[str, Any]):
    """The value of `expr` at `point` (symbol name -> number), to about 10**-DIGITS absolute.

    Large intermediate values may cancel (in (x + 1)*e**600 - x*e**600 - e**600 + 5, terms of
    about 10**260 leave 5): each pass measures the largest intermediate value and, if it lacked
    the digits to resolve 10**-DIGITS next to it, the evaluation is repeated with them (at most
    DIGITS + MAX_DIGITS_LOST digits, as no finite intermediate value exceeds 10**MAX_DIGITS_LOST).
    Raises _NotFinite where `expr` is not defined or too large, even with all those digits.
    """
    digits = DIGITS
    while True:
        evaluator = _Evaluator(point, digits)
        try:
            value, failure = evaluator.value(expr), None
        except _NotFinite as error:  # perhaps of a value that only rounding made large
            value, failure = None, error
        needed = DIGITS + math.ceil(evaluator.largest_magnitude * math.log10(2))
        if needed <= digits + 10 or digits >= DIGITS + MAX_DIGITS_LOST:
            if failure is not None:
                raise failure
            return value
        digits = min(needed, DIGITS + MAX_DIGITS_LOST)


def _heaviside(x, h0):
    return 0 if x < 0 else 1 if x > 0 else h0


def _sign(z):
    return z / abs(z) if z != 0 else 0


class _Evaluator:
    """Evaluates a whitelisted expression with mpmath, refusing anything not finite.

    Every intermediate value is checked (finite, |v| <= 2**MAX_MAGNITUDE ≈ 10**300), so no
    operation gets an argument that would make mpmath compute a gigantic number, and the cost
    is bounded per node. No code is generated (no lambdify) and no sympy arithmetic is done on
    the expression.
    """

    MAX_MAGNITUDE = int(MAX_DIGITS_LOST * math.log2(10))

    def __init__(self, point: dict[str, Any], digits: int):
        self.mp = mp = _context(digits)
        self.point = point
        self.largest_magnitude = 0  # log2 of the largest intermediate value, at least 0
        self.functions = {
            sp.sin: mp.sin, sp.cos: mp.cos, sp.tan: mp.tan, sp.exp: mp.exp, sp.log: mp.log,
            sp.Abs: abs, sp.sign: _sign, sp.sinh: mp.sinh, sp.cosh: mp.cosh, sp.tanh: mp.tanh,
            sp.asin: mp.asin, sp.acos: mp.acos, sp.atan: mp.atan,
        }  # fmt: skip
        # Defined for real arguments only: a complex argument makes the point unusable.
        self.real_functions = {sp.atan2: mp.atan2, sp.Heaviside: _heaviside, sp.Max: max, sp.Min: min}
        # (Max and Min do not cross the wire, but a reference or a self-check may use them.)

    def value(self, expr: sp.Expr):
        mp = self.mp
        try:
            result = self._compute(expr)
            if type(result) not in (mp.mpf, mp.mpc):
                result = mp.mpmathify(result)  # 0 or 1 from sign or Heaviside
        except (ArithmeticError, ValueError, TypeError, mpmath.libmp.NoConvergence) as error:
            raise _NotFinite(str(error)) from error
        if not mp.isfinite(result):
            raise _NotFinite(type(expr).__name__)
        magnitude = mp.mag(result)
        if magnitude > self.MAX_MAGNITUDE:
            raise _NotFinite(type(expr).__name__)
        if magnitude > self.largest_magnitude:
            self.largest_magnitude = magnitude
        return result

    def _compute(self, expr: sp.Expr):
        mp = self.mp
        if expr.is_Symbol:
            return mp.mpf(self.point[expr.name])
        if expr.is_Rational:
            return mp.mpf(expr.p) / expr.q
        if expr.is_Float:
            return mp.mpf(expr._mpf_)
        if expr is sp.pi:
            return +mp.pi
        if expr is sp.E:
            return +mp.e
        if expr is sp.I:
            return mp.mpc(0, 1)
        if expr in _NOT_FINITE:
            raise _NotFinite(str(expr))
        args = [self.value(arg) for arg in expr.args]
        if expr.is_Add:
            return mp.fsum(args)
        if expr.is_Mul:
            return mp.fprod(args)
        if expr.is_Pow:
            return self._power(*args)
        if expr.func in self.functions:
            return self.functions[expr.func](*args)
        if expr.func in self.real_functions:
            if any(mp.im(arg) != 0 for arg in args):
                raise _NotFinite(f"{expr.func.__name__} of a complex number")
            return self.real_functions[expr.func](*(mp.re(arg) for arg in args))
        raise _Unsupported(type(expr).__name__)

    def _power(self, base, exponent):
        if base == 0 and self.mp.re(exponent) <= 0:
            raise _NotFinite("0 to a power <= 0")
        return self.mp.power(base, exponent)


def _context(digits: int) -> mpmath.MPContext:
    """This thread's mpmath context (contexts are not thread-safe), set to `digits` digits."""
    if not hasattr(_CONTEXTS, "mp"):
        _CONTEXTS.mp = mpmath.MPContext()
    _CONTEXTS.mp.dps = digits
    return _CONTEXTS.mp


# --------------------------------------------------------------------------------------------
# The check, with a message for the student


def check_equivalent(got, expected, *, points: int = 5, rng=None, name: str = "the expression") -> None:
    """Is `got` (the student's sympy value) equivalent to `expected` (trusted)? Raise CheckFailure if not.

    The checks come in order: the type (a sympy Matrix where `expected` is one, else a sympy
    expression or a Python number), the shape, then the entries (see `equivalent`). A failure
    names the first entry that differs, or a symbol the exercise does not define, or a transpose.
    """
    expected = _sympy_value(expected)
    if expected is None:
        raise TypeError("check_equivalent: expected must be a sympy expression or Matrix")
    got = _student_value(got, expected, name)
    rng = np.random.default_rng(rng)
    index = _first_differing_entry(got, expected, points, rng)
    if index is None:
        return
    unknown = sorted(_symbol_names(got) - _symbol_names(expected))
    if unknown:
        raise _unknown_symbols_failure(unknown, expected, name, index, got)
    if _is_transpose(got, expected, points, rng):
        message = (
            f"Wrong values in {name}: it is the transpose of the expected matrix. "
            "Rows must be outputs and columns inputs."
        )
        raise _entry_failure(message, name, index, got, expected)
    raise _entry_failure(_entry_message(name, index, got, expected), name, index, got, expected)


def _student_value(got, expected, name: str):
    """`got` as a sympy value of the expected kind and shape, or a CheckFailure saying what is wrong."""
    if _is_matrix(expected):
        if not issubclass(type(got), sp.MatrixBase):
            raise CheckFailure(
                f"Wrong type for {name}: expected {_describe_expected(expected)}, found {_describe_found(got)}."
                + (" Wrap it in sympy.Matrix(...)." if type(got) in (list, tuple) else ""),
                kind="type", name=name, expected_shape=expected.shape,
            )  # fmt: skip
        if got.shape != expected.shape:
            raise _shape_failure(got.shape, expected.shape, name)
        return got
    value = _sympy_value(got) if type(got) is not bool else None
    if value is None or _is_matrix(value):
        raise CheckFailure(
            f"Wrong type for {name}: expected a sympy expression, found {_describe_found(got)}.",
            kind="type", name=name, expected_shape=(),
        )  # fmt: skip
    return value


def _describe_expected(expected) -> str:
    return f"a sympy Matrix of shape {expected.shape}" if _is_matrix(expected) else "a sympy expression"


def _describe_found(got) -> str:
    kind = type(got)
    if got is None:
        return "None"
    if issubclass(kind, np.ndarray):
        return f"a numpy array of shape {got.shape}"
    if issubclass(kind, sp.MatrixBase):
        return f"a sympy Matrix of shape {got.shape}"
    if issubclass(kind, sp.Expr):
        return f"a sympy expression ({_show(got)})"
    if issubclass(kind, sp.Basic):
        return f"a sympy {kind.__name__}"
    if kind in (list, tuple, dict, set, str, int, float, bool, complex):
        return f"a {kind.__name__}"
    return f"an object of type {kind.__name__}"


def _shape_failure(found: tuple, expected: tuple, name: str) -> CheckFailure:
    message = f"Wrong shape for {name}: expected a sympy Matrix of shape {expected}, found shape {found}."
    if found == expected[::-1]:
        message += " Is it transposed? Rows are outputs, columns are inputs."
    return CheckFailure(message, kind="shape", name=name, expected_shape=expected, found_shape=found)


def _unknown_symbols_failure(unknown: list[str], expected, name: str, index, got) -> CheckFailure:
    known = sorted(_symbol_names(expected))
    message = (
        f"Wrong symbols in {name}: your answer uses {_join(unknown)}, which the exercise does not define"
        + (f": use {_join(known)}." if known else " (the answer needs no symbols).")
    )
    return _entry_failure(message, name, index, got, expected)


def _is_transpose(got, expected, points: int, rng: np.random.Generator) -> bool:
    """Is the student's square matrix the transpose of the (non-symmetric) expected one?"""
    if not _is_matrix(expected) or expected.rows != expected.cols or expected.rows < 2:
        return False
    if _first_differing_entry(expected.T, expected, points, rng) is None:
        return False  # symmetric: a transpose is the matrix itself
    return _first_differing_entry(got, expected.T, points, rng) is None


def _entry_message(name: str, index: tuple, got, expected) -> str:
    if not index:
        return f"Wrong value for {name}: it should be {_show(expected)}, found {_show(got)}."
    return (
        f"Wrong values in {name}: entry {_show_index(index)} should be "
        f"{_show(expected[index])}, found {_show(got[index])}."
    )


def _entry_failure(message: str, name: str, index: tuple, got, expected) -> CheckFailure:
    shape = expected.shape if _is_matrix(expected) else ()
    return CheckFailure(
        message, kind="value", name=name, expected_shape=shape, found_shape=shape, worst_index=index,
        worst_expected=_show(expected[index] if index else expected),
        worst_found=_show(got[index] if index else got),
    )  # fmt: skip


def _show(expr, limit: int = 120) -> str:
    """The expression in Python syntax, shortened to `limit` characters."""
    text = _text(expr)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(expr: sp.Basic) -> str:
    """Python syntax for an expression, reading its tree only.

    Not sympy's printer: that one does arithmetic on the expression (it negates exponents and
    compares coefficients), which an unevaluated hostile expression can turn into a long
    computation or an exception.
    """
    if isinstance(expr, sp.MatrixBase):
        rows = ", ".join("[" + ", ".join(_text(entry) for entry in expr.row(i)) + "]" for i in range(expr.rows))
        return f"Matrix([{rows}])"
    if expr.is_Symbol:
        return expr.name
    if expr.is_Integer:
        return str(expr.p)
    if expr.is_Rational:
        return f"{expr.p}/{expr.q}"
    if expr.is_Float:
        return libmp.to_str(expr._mpf_, libmp.prec_to_dps(expr._prec))
    if expr in _CONSTANT_TAGS:
        return _CONSTANT_TAGS[expr]
    if expr.is_Add:
        numbers_last = sorted(expr.args, key=lambda term: term.is_Number)
        return " + ".join(_text(term) for term in numbers_last).replace("+ -", "- ")
    if expr.is_Mul:
        return _product_text(expr.args)
    if expr.is_Pow:
        return _power_text(expr.base, expr.exp)
    return f"{type(expr).__name__}({', '.join(_text(arg) for arg in expr.args)})"


def _product_text(factors: tuple) -> str:
    """-2*x/3/y for (-2/3, x, 1/y): the coefficient's sign in front, the denominators behind."""
    has_coefficient = factors[0].is_Rational and len(factors) > 1
    coefficient, rest = (factors[0], factors[1:]) if has_coefficient else (None, factors)
    numerators = [f for f in rest if not (f.is_Pow and f.exp == -1)]
    denominators = [f.base for f in rest if f.is_Pow and f.exp == -1]
    text = "*".join(_text(f) if not f.is_Add else f"({_text(f)})" for f in numerators)
    if coefficient is not None and abs(coefficient.p) != 1:
        text = f"{abs(coefficient.p)}*{text}" if text else str(abs(coefficient.p))
    text = text or "1"
    if coefficient is not None and coefficient.q != 1:
        denominators.insert(0, sp.Integer(coefficient.q))
    for denominator in denominators:
        text += f"/{_power_operand_text(denominator)}"
    return "-" + text if coefficient is not None and coefficient.p < 0 else text


def _power_text(base: sp.Basic, exponent: sp.Basic) -> str:
    if exponent == sp.Rational(1, 2):
        return f"sqrt({_text(base)})"
    if exponent == -1:
        return f"1/{_power_operand_text(base)}"
    return f"{_power_operand_text(base)}**{_power_operand_text(exponent)}"


def _power_operand_text(expr: sp.Basic) -> str:
    """A base or exponent, in parentheses unless it is a name, a call or a natural number."""
    text = _text(expr)
    plain = expr.is_Symbol or expr.is_Function or (expr.is_Integer and expr.p >= 0) or expr in _CONSTANT_TAGS
    return text if plain else f"({text})"


def _show_index(index: tuple) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------------------------
# The wire format: to_tree runs in the untrusted worker


def to_tree(value) -> list:
    """A sympy expression or Matrix as JSON-able nested lists (format in the module docstring).

    Raises ValueError naming the first node outside the whitelist, and for a value deeper than
    `from_tree` accepts (so the student learns it in the worker, not as a grader error).
    """
    if isinstance(value, sp.MatrixBase):
        rows, cols = value.shape
        return ["Matrix", rows, cols, [_node_to_tree(entry, 1) for entry in value]]
    if not isinstance(value, sp.Basic):
        raise ValueError(f"to_tree expects a sympy expression or Matrix, got {type(value).__name__}")
    return _node_to_tree(value, 0)


def _node_to_tree(expr: sp.Basic, depth: int) -> list:
    if depth > MAX_DEPTH:
        raise ValueError(f"the result is nested more than {MAX_DEPTH} levels deep, which jackit cannot grade")
    if type(expr) is sp.Symbol:
        return _symbol_to_tree(expr)
    if isinstance(expr, sp.Integer):
        return ["Integer", _integer_to_text(expr.p)]
    if isinstance(expr, sp.Rational):
        return ["Rational", _integer_to_text(expr.p), _integer_to_text(expr.q)]
    if isinstance(expr, sp.Float):
        return ["Float", libmp.to_str(expr._mpf_, libmp.repr_dps(expr._prec)), expr._prec]
    if expr in _CONSTANT_TAGS:
        return [_CONSTANT_TAGS[expr]]
    tag = _operator_tag(expr)
    if tag is None:
        raise ValueError(_unsupported_message(_describe_node(expr)))
    return [tag, *(_node_to_tree(arg, depth + 1) for arg in expr.args)]


def _integer_to_text(number: int) -> str:
    if abs(number) >= 10**MAX_INTEGER_DIGITS:
        digits = MAX_INTEGER_DIGITS
        raise ValueError(f"the result contains a number of more than {digits} digits, which jackit cannot grade")
    return str(number)


def _symbol_to_tree(symbol: sp.Symbol) -> list:
    if not symbol.is_commutative:
        raise ValueError(f"the result contains a non-commutative symbol {symbol.name}, which jackit cannot grade")
    facts = symbol.assumptions0
    true_facts = [fact for fact in SYMBOL_ASSUMPTIONS if facts.get(fact) is True]
    return ["Symbol", symbol.name, true_facts] if true_facts else ["Symbol", symbol.name]


def _operator_tag(expr: sp.Basic) -> str | None:
    kind = type(expr)
    if kind in (sp.Add, sp.Mul, sp.Pow):
        return kind.__name__
    return _FUNCTION_TAGS.get(kind)


def _describe_node(expr: sp.Basic) -> str:
    if isinstance(expr, AppliedUndef):
        return f"the undefined function {type(expr).__name__}"
    return type(expr).__name__


def _unsupported_message(what: str) -> str:
    return f"the result contains {what}, which jackit cannot grade: return an explicit expression"


# --------------------------------------------------------------------------------------------
# The wire format: from_tree runs in the trusted grader


def from_tree(tree) -> sp.Expr | sp.Matrix:
    """Rebuild a sympy expression or Matrix from `to_tree`'s format, using only the whitelist.

    `tree` is untrusted. Strings are only checked against patterns and turned into numbers or
    symbol names: nothing is evaluated or parsed as code, and every node is rebuilt unevaluated
    (see the module docstring). Raises ValueError (a one-line reason for the student) for
    anything outside the format or beyond the limits.
    """
    builder = _TreeBuilder()
    if type(tree) is list and tree and tree[0] == "Matrix":
        return builder.matrix(tree)
    return builder.expression(tree, 0)


class _TreeBuilder:
    """Rebuilds one tree, counting its nodes."""

    def __init__(self):
        self.nodes = 0

    def matrix(self, tree: list) -> sp.Matrix:
        self._count_node(0)
        if len(tree) != 4:
            raise ValueError("a Matrix node must be ['Matrix', rows, cols, entries]")
        _, rows, cols, entries = tree
        if not (_is_size(rows) and _is_size(cols)):
            raise ValueError(f"a Matrix needs rows and cols between 0 and {MAX_MATRIX_SIDE}")
        if type(entries) is not list or len(entries) != rows * cols:
            raise ValueError(f"a {rows}x{cols} Matrix needs a list of {rows * cols} entries")
        return sp.Matrix(rows, cols, [self.expression(entry, 1) for entry in entries])

    def expression(self, tree, depth: int) -> sp.Expr:
        self._count_node(depth)
        tag, args = _split_node(tree)
        if tag == "Symbol":
            return _symbol_from_tree(args)
        if tag in ("Integer", "Rational"):
            return _rational_from_tree(tag, args)
        if tag == "Float":
            return _float_from_tree(args)
        if tag in _CONSTANTS:
            _require_arity(tag, args, 0, 0)
            return _CONSTANTS[tag]
        if tag in _ARITY:
            low, high = _ARITY[tag]
            _require_arity(tag, args, low, high)
            return _build(tag, [self.expression(arg, depth + 1) for arg in args])
        if tag == "Matrix":
            raise ValueError("a Matrix can only be the whole result, not part of an expression")
        raise ValueError(_unsupported_message(_show_tag(tag)))

    def _count_node(self, depth: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ValueError(f"the result has more than {MAX_NODES} nodes, which jackit cannot grade")
        if depth > MAX_DEPTH:
            raise ValueError(f"the result is nested more than {MAX_DEPTH} levels deep, which jackit cannot grade")


def _build(tag: str, args: list[sp.Expr]) -> sp.Expr:
    """The node, unevaluated: nothing in it is computed, simplified or compared."""
    operation = _OPERATORS.get(tag) or _FUNCTIONS[tag]
    try:
        return operation(*args, evaluate=False)
    except (TypeError, ValueError, ArithmeticError) as error:  # not expected unevaluated: fail closed
        raise ValueError(f"sympy cannot build {tag} from these arguments ({type(error).__name__})") from None


def _split_node(tree) -> tuple[str, list]:
    if type(tree) is not list:
        raise ValueError(f"expected a node (a list), found {_describe_found(tree)}")
    if not tree or type(tree[0]) is not str:
        raise ValueError("a node must be a list starting with its type name")
    return tree[0], tree[1:]


def _require_arity(tag: str, args: list, low: int, high: int) -> None:
    if not low <= len(args) <= high:
        expected = str(low) if low == high else f"{low} to {high}"
        raise ValueError(f"a {_show_tag(tag)} node needs {expected} arguments, found {len(args)}")


def _show_tag(tag: str) -> str:
    """An untrusted tag, safe to put in a message."""
    return tag if tag.isidentifier() and len(tag) <= MAX_NAME_LENGTH else repr(tag[:MAX_NAME_LENGTH])


def _is_size(value) -> bool:
    return type(value) is int and 0 <= value <= MAX_MATRIX_SIDE


def _symbol_from_tree(args: list) -> sp.Symbol:
    _require_arity("Symbol", args, 1, 2)
    name = args[0]
    if type(name) is not str or not name.isidentifier() or len(name) > MAX_NAME_LENGTH:
        shown = repr(name[:MAX_NAME_LENGTH]) if type(name) is str else _describe_found(name)
        raise ValueError(
            f"the symbol name {shown} is not allowed: use an identifier of at most {MAX_NAME_LENGTH} characters"
        )
    facts = args[1] if len(args) == 2 else []
    if type(facts) is not list or not all(type(fact) is str and fact in SYMBOL_ASSUMPTIONS for fact in facts):
        allowed = ", ".join(SYMBOL_ASSUMPTIONS)
        raise ValueError(f"the assumptions of symbol {name} must be a list of names among {allowed}")
    try:
        return sp.Symbol(name, **{fact: True for fact in facts})
    except Exception as error:  # contradictory assumptions (positive and negative)
        raise ValueError(f"the assumptions of symbol {name} contradict each other") from error


def _rational_from_tree(tag: str, args: list) -> sp.Rational:
    count = 1 if tag == "Integer" else 2
    _require_arity(tag, args, count, count)
    numbers = [_integer_from_text(text) for text in args]
    if tag == "Integer":
        return sp.Integer(numbers[0])
    if numbers[1] == 0:
        raise ValueError("a Rational with denominator 0")
    return sp.Rational(numbers[0], numbers[1])


def _integer_from_text(text) -> int:
    if type(text) is not str or len(text) > MAX_INTEGER_DIGITS + 1 or not _INTEGER_TEXT.fullmatch(text):
        raise ValueError(f"an integer must be a string of at most {MAX_INTEGER_DIGITS} decimal digits")
    return int(text)


def _float_from_tree(args: list) -> sp.Float:
    _require_arity("Float", args, 2, 2)
    text, precision = args
    if type(text) is not str or len(text) > MAX_FLOAT_CHARS or not _FLOAT_TEXT.fullmatch(text):
        raise ValueError("a Float must be a decimal string such as '1.5e-3' with an exponent of at most 3 digits")
    if type(precision) is not int or not 1 <= precision <= MAX_FLOAT_PRECISION:
        raise ValueError(f"a Float's precision must be an int between 1 and {MAX_FLOAT_PRECISION} bits")
    return sp.Float(text, precision=precision)
