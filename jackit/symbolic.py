"""Symbolic Jacobians with sympy: build them, compare them, and carry them across the trust boundary.

Comparing (`equivalent`, `check_equivalent`)
---------------------------------------------
Two expressions are equivalent when they are equal as functions of their symbols. Symbols are
matched by name: a student's `Symbol("r", positive=True)` is the reference's `Symbol("r")`, and
the reference's assumptions (positive, integer, ...) define the domain. The decision, per entry:

1. the difference is exactly 0 once sympy has evaluated it, or `expand` makes it 0: equal;
2. otherwise the two sides are evaluated at random points of the domain (30 significant digits,
   positive values for positive symbols, real values of either sign for plain ones, integers for
   integer ones); a point where the reference is not finite is replaced by another one. Any point
   where they differ by more than `RTOL` relative (or where only the student's side is not finite)
   means not equal; agreement at every point means equal;
3. only when no point could be used does `trigsimp`/`simplify` decide.

The symbolic steps only run on small, tame expressions (`_safe_to_simplify`): on an arbitrary
expression, `simplify` may run for hours, and `expand` may build millions of terms.

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
                                atan2 (2), Heaviside (1 or 2), Max Min (2 to 16)
    ["Matrix", rows, cols, [entry, ...]]   top level only; entries in row-major order

sqrt(x) is ["Pow", x, ["Rational", "1", "2"]]. For example r*cos(theta) is
["Mul", ["Symbol", "r"], ["cos", ["Symbol", "theta"]]].

`from_tree` runs in the grader and rebuilds the value from this whitelist only: anything else is a
ValueError naming what was found. It bounds what a hostile tree can cost: MAX_NODES nodes,
MAX_DEPTH levels, bounded strings, and MAX_NUMBER_BITS for the exact numbers the tree makes sympy
compute (10**(10**10), or exp(10**10*log(3)), is refused before sympy computes it: see "Bounding
the exact numbers" below). Products are rebuilt without distributing
numbers over sums (`2*(x + y)` stays as written), so a nest of such products cannot make sympy
rebuild a large sum at every level; MAX_WORK bounds any other such cascade.

A rebuilt value is an ordinary sympy object, but a hostile one: hidden tests should compare it
with `check_equivalent` (which runs under the same kind of budget) rather than compute with it.
"""

from __future__ import annotations

import enum
import math
import re
import threading
from contextlib import contextmanager
from typing import Any, Iterable

import mpmath
import numpy as np
import sympy as sp
from mpmath import libmp
from sympy.core.function import AppliedUndef
from sympy.core.parameters import distribute

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
MAX_ATTEMPTS_PER_POINT = 10
"""Random points drawn per point asked for, before giving up on finding ones where the reference is finite."""
SIMPLIFY_MAX_OPS = 80
"""Larger differences are not given to expand/trigsimp/simplify (their cost is unbounded)."""
SIMPLIFY_MAX_TERMS = 1000
"""Largest number of terms `expand` may produce."""
SIMPLIFY_MAX_EXPONENT = 16
"""Largest numerator or denominator of a power's exponent in an expression given to simplify."""
SIMPLIFY_MAX_NUMBER = 10**4
"""Largest numerator or denominator of a number in an expression given to simplify."""

MAX_NODES = 20_000
MAX_DEPTH = 100
MAX_WORK = 100_000
"""Total number of arguments of the sympy objects built by from_tree (≈ MAX_NODES for an honest tree)."""
MAX_NUMBER_BITS = 8192
"""Exact numbers from a tree: bits of all the powers sympy computes, and of the numbers one sum or
product combines (≈ 2466 decimal digits; str() of an int stops at 4300)."""
MAX_COMPARISON_BITS = 1_000_000
"""Bits of exact powers sympy may compute during one comparison (milliseconds of work)."""
MAX_ROOT_BITS = 256
"""Largest exact number sympy may raise to a fractional power (it factors it: 2048 bits take seconds)."""
MAX_INTEGER_DIGITS = 300
MAX_NAME_LENGTH = 32
MAX_FLOAT_CHARS = 400
MAX_FLOAT_PRECISION = 1024
MAX_MATRIX_SIDE = 1000
MAX_MINMAX_ARGS = 16
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

_FUNCTIONS: dict[str, type] = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "log": sp.log,
    "Abs": sp.Abs, "sign": sp.sign, "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "atan2": sp.atan2,
    "Heaviside": sp.Heaviside, "Max": sp.Max, "Min": sp.Min,
}  # fmt: skip
_FUNCTION_TAGS = {cls: tag for tag, cls in _FUNCTIONS.items()}

_ARITY: dict[str, tuple[int, int]] = {
    **{tag: (1, 1) for tag in _FUNCTIONS},
    "atan2": (2, 2),
    "Heaviside": (1, 2),
    "Max": (2, MAX_MINMAX_ARGS),
    "Min": (2, MAX_MINMAX_ARGS),
    "Add": (2, MAX_NODES),
    "Mul": (2, MAX_NODES),
    "Pow": (2, 2),
}

_INTEGER_TEXT = re.compile(r"-?[0-9]+")
_FLOAT_TEXT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]{1,3})?")


# --------------------------------------------------------------------------------------------
# Bounding the exact numbers sympy computes
#
# sympy evaluates exact arithmetic eagerly, and a student's tree can arrange for it to be huge:
#
# - powers: 10**(10**10) written out, but also exp(n*log(3)) (= 3**n), (2*x)**n (= 2**n * x**n)
#   or sqrt(3)**n. All of them go through Integer._eval_power or Rational._eval_power, so these
#   two are wrapped (once, at import): inside an `_exact_number_budget` block in this thread, a
#   power is refused before it is computed when its result would overflow the budget. Outside
#   such a block the wrapper only reads a thread-local and calls sympy's own method.
# - sums and products: 1/p1 + 1/p2 + ... multiplies denominators, and sympy's cache returns a
#   power computed once any number of times for free, so a product of 10**2000 repeated 5000
#   times costs nothing to write. from_tree measures the numbers one Add or Mul is about to
#   combine (`_combined_number_bits`) before building it.


class _NumbersTooLarge(Exception):
    """An exact number beyond the budget of the current from_tree or comparison."""


_BUDGET = threading.local()


@contextmanager
def _exact_number_budget(bits: int):
    """Within the block, exact numbers sympy computes in this thread spend from `bits`."""
    previous = getattr(_BUDGET, "remaining", None)
    _BUDGET.remaining = bits
    try:
        yield
    finally:
        _BUDGET.remaining = previous


def _spend_bits(bits: int) -> None:
    remaining = getattr(_BUDGET, "remaining", None)
    if remaining is None:
        return
    if bits > remaining:
        raise _NumbersTooLarge(f"{bits} bits needed, {remaining} left")
    _BUDGET.remaining = remaining - bits


def _rational_bits(number: sp.Expr) -> int:
    """Bits of an exact rational number; 0 for anything else (a Float is rounded, not exact)."""
    return abs(number.p).bit_length() + number.q.bit_length() if number.is_Rational else 0


def _combined_number_bits(operation: type, args: Iterable[sp.Expr]) -> int:
    """Bits of the exact numbers sympy adds or multiplies together when it builds operation(*args)."""
    total = 0
    for arg in args:
        if arg.is_Rational:
            total += _rational_bits(arg)
        elif type(arg) is operation:  # flattened into this one
            total += _combined_number_bits(operation, arg.args)
        elif operation is sp.Add and arg.is_Mul:  # like terms: 2*x + 3*x = 5*x
            total += _rational_bits(arg.as_coeff_Mul()[0])
        elif operation is sp.Mul and arg.is_Pow and arg.base.is_Rational:  # sqrt(2)*sqrt(3) = sqrt(6)
            total += _rational_bits(arg.base)
    return total


def _power_bits(base: sp.Rational, exponent: sp.Rational) -> int:
    """About the bits of base**exponent, or more than any budget where sympy would factor a large base."""
    size = max(abs(base.p).bit_length(), base.q.bit_length())
    if size <= 1 and base.q == 1:
        return 0  # 0, 1 and -1 to any power
    if exponent.q != 1 and size > MAX_ROOT_BITS:
        return MAX_COMPARISON_BITS + MAX_NUMBER_BITS + 1
    return (abs(exponent.p) // exponent.q + 1) * size


def _guard_exact_powers(cls: type) -> None:
    original = cls.__dict__["_eval_power"]
    if getattr(original, "jackit_guarded", False):
        return  # the module was imported again

    def _eval_power(self, exponent):
        if isinstance(exponent, sp.Rational) and getattr(_BUDGET, "remaining", None) is not None:
            _spend_bits(_power_bits(self, exponent))
        return original(self, exponent)

    _eval_power.jackit_guarded = True
    cls._eval_power = _eval_power


_guard_exact_powers(sp.Rational)
_guard_exact_powers(sp.Integer)


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
    try:
        with _exact_number_budget(MAX_COMPARISON_BITS):
            got = _with_reference_symbols(got, expected)
            return _first_differing_entry(got, expected, points, np.random.default_rng(rng)) is None
    except _NumbersTooLarge:
        return False


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


def _with_reference_symbols(got, expected):
    """`got` with every symbol replaced by the reference's symbol of that name (or a plain one)."""
    reference = {symbol.name: symbol for symbol in sorted(expected.free_symbols, key=sp.default_sort_key)}
    renames = {
        symbol: reference.get(symbol.name, sp.Symbol(symbol.name))
        for symbol in got.free_symbols
        if isinstance(symbol, sp.Symbol)
    }
    return got.xreplace({old: new for old, new in renames.items() if old is not new})


def _entries(value) -> list[tuple[tuple[int, ...], sp.Expr]]:
    """(index, entry) pairs in row-major order; a scalar is one entry with index ()."""
    if _is_matrix(value):
        rows, cols = value.shape
        return [((i, j), value[i, j]) for i in range(rows) for j in range(cols)]
    return [((), value)]


def _first_differing_entry(got, expected, points: int, rng: np.random.Generator) -> tuple[int, ...] | None:
    """The index of the first entry (row-major) where got and expected are not equivalent, or None."""
    for (index, got_entry), (_, expected_entry) in zip(_entries(got), _entries(expected)):
        if not _entries_equivalent(got_entry, expected_entry, points, rng):
            return index
    return None


def _entries_equivalent(got: sp.Expr, expected: sp.Expr, points: int, rng: np.random.Generator) -> bool:
    """Exact steps first, then random points, then simplification if no point could be used."""
    if got == expected:
        return True
    difference = got - expected
    if difference == 0:
        return True
    tame = _safe_to_simplify(difference)
    if tame and sp.expand(difference) == 0:
        return True
    verdict = _numeric_verdict(got, expected, points, rng)
    if verdict is not _Verdict.UNDECIDED:
        return verdict is _Verdict.AGREE
    return tame and _simplifies_to_zero(difference)


def _simplifies_to_zero(difference: sp.Expr) -> bool:
    """Does trigsimp, or else simplify, turn the difference into 0?"""
    return sp.trigsimp(difference) == 0 or sp.simplify(difference) == 0


# --- when simplification is safe


def _safe_to_simplify(expr: sp.Expr) -> bool:
    """Is `expr` small and tame enough for expand, trigsimp and simplify to finish quickly?

    Tame: small numbers, numeric exponents, no log inside exp (exp(n*log(2)) becomes 2**n, which
    sympy computes exactly). These keep simplification from producing a huge exact number.
    """
    if sp.count_ops(expr) > SIMPLIFY_MAX_OPS:
        return False
    for node in sp.preorder_traversal(expr):
        if node.is_Number and not _is_small_rational(node, SIMPLIFY_MAX_NUMBER):
            return False
        if node.is_Pow and not _is_small_rational(node.exp, SIMPLIFY_MAX_EXPONENT):
            return False
        if isinstance(node, sp.exp) and node.has(sp.log):
            return False
    return _expanded_terms(expr) <= SIMPLIFY_MAX_TERMS


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


_MP = mpmath.MPContext()
_MP.dps = 30
_LARGEST = _MP.mpf("1e300")
_NOISE = _MP.mpf("1e-25")
"""Rounding noise allowed, relative to the largest intermediate value of an evaluation."""


class _NotFinite(Exception):
    """The expression is not finite (or not defined) at this point."""


class _Unsupported(Exception):
    """The expression contains something the evaluator does not know."""


def _numeric_verdict(got: sp.Expr, expected: sp.Expr, points: int, rng: np.random.Generator) -> _Verdict:
    """Do got and expected agree at `points` random points where the reference is finite?"""
    symbols = sorted(got.free_symbols | expected.free_symbols, key=sp.default_sort_key)
    if not all(isinstance(symbol, sp.Symbol) for symbol in symbols):
        return _Verdict.UNDECIDED
    needed = max(1, points) if symbols else 1  # a constant needs one evaluation
    used = 0
    for _ in range(needed * MAX_ATTEMPTS_PER_POINT):
        try:
            agree = _agree_at(_random_point(symbols, rng), got, expected)
        except _Unsupported:
            return _Verdict.UNDECIDED
        if agree is None:
            continue  # a singularity of the reference: try another point
        if not agree:
            return _Verdict.DISAGREE
        used += 1
        if used >= needed:
            return _Verdict.AGREE
    return _Verdict.UNDECIDED


def _agree_at(point: dict, got: sp.Expr, expected: sp.Expr) -> bool | None:
    """Do got and expected agree at `point`? None if the reference is not finite there."""
    try:
        reference = _Evaluator(point).value_and_scale(expected)
    except _NotFinite:
        return None
    try:
        student = _Evaluator(point).value_and_scale(got)
    except _NotFinite:
        return False  # finite reference, infinite answer
    return _close(student, reference)


def _close(student: tuple, reference: tuple) -> bool:
    (a, a_scale), (b, b_scale) = student, reference
    allowed = RTOL * max(abs(a), abs(b)) + _NOISE * max(a_scale, b_scale, 1)
    return abs(a - b) <= allowed


def _random_point(symbols: Iterable[sp.Symbol], rng: np.random.Generator) -> dict[sp.Symbol, Any]:
    return {symbol: _random_value(symbol, rng) for symbol in symbols}


def _random_value(symbol: sp.Symbol, rng: np.random.Generator):
    """A random value in the symbol's domain, away from 0 (where singularities tend to be)."""
    if symbol.is_zero:
        return _MP.mpf(0)
    if symbol.is_nonnegative:
        sign = 1
    elif symbol.is_nonpositive:
        sign = -1
    else:
        sign = 1 if rng.random() < 0.5 else -1
    if symbol.is_integer:
        return _MP.mpf(sign * int(rng.integers(1, 6)))
    return _MP.mpf(sign * float(rng.uniform(0.5, 2.0)))


def _heaviside(x, h0=_MP.mpf(0.5)):
    return _MP.mpf(0) if x < 0 else _MP.mpf(1) if x > 0 else h0


def _sign(z):
    return z / abs(z) if z != 0 else _MP.mpf(0)


_NUMERIC_FUNCTIONS = {
    sp.sin: _MP.sin, sp.cos: _MP.cos, sp.tan: _MP.tan, sp.exp: _MP.exp, sp.log: _MP.log,
    sp.Abs: abs, sp.sign: _sign, sp.sinh: _MP.sinh, sp.cosh: _MP.cosh, sp.tanh: _MP.tanh,
    sp.asin: _MP.asin, sp.acos: _MP.acos, sp.atan: _MP.atan,
}  # fmt: skip
_REAL_FUNCTIONS = {sp.atan2: _MP.atan2, sp.Heaviside: _heaviside, sp.Max: max, sp.Min: min}
"""Functions defined for real arguments only: a complex argument makes the point unusable."""


class _Evaluator:
    """The value of a whitelisted expression at a point, in mpmath, refusing anything not finite.

    Every intermediate value is checked (finite, |v| <= 1e300), so no operation ever gets an
    argument that would make mpmath compute a gigantic number. No code is generated (no lambdify).
    """

    def __init__(self, point: dict[sp.Symbol, Any]):
        self.point = point
        self.scale = _MP.mpf(0)

    def value_and_scale(self, expr: sp.Expr) -> tuple:
        value = self.value(expr)
        return value, self.scale

    def value(self, expr: sp.Expr):
        try:
            result = self._compute(expr)
        except (ZeroDivisionError, ValueError, OverflowError, TypeError) as error:
            raise _NotFinite(str(error)) from error
        if not _MP.isfinite(result) or abs(result) > _LARGEST:
            raise _NotFinite(str(expr))
        self.scale = max(self.scale, abs(result))
        return result

    def _compute(self, expr: sp.Expr):
        if expr.is_Symbol:
            return self.point[expr]
        if expr.is_Number:
            return _number_value(expr)
        if expr in _CONSTANT_TAGS:
            return _constant_value(expr)
        args = [self.value(arg) for arg in expr.args]
        if expr.is_Add:
            return _MP.fsum(args)
        if expr.is_Mul:
            return _MP.fprod(args)
        if expr.is_Pow:
            return _power(*args)
        if expr.func in _NUMERIC_FUNCTIONS:
            return _NUMERIC_FUNCTIONS[expr.func](*args)
        if expr.func in _REAL_FUNCTIONS:
            if any(_MP.im(arg) != 0 for arg in args):
                raise _NotFinite(f"{expr.func.__name__} of a complex number")
            return _REAL_FUNCTIONS[expr.func](*(_MP.re(arg) for arg in args))
        raise _Unsupported(type(expr).__name__)


def _number_value(number: sp.Number):
    if number.is_Rational:
        return _MP.mpf(number.p) / number.q
    if number.is_Float:
        return _MP.mpf(number._mpf_)
    raise _NotFinite(str(number))  # oo, -oo, zoo, nan


def _constant_value(constant: sp.Basic):
    if constant is sp.pi:
        return +_MP.pi
    if constant is sp.E:
        return +_MP.e
    if constant is sp.I:
        return _MP.mpc(0, 1)
    raise _NotFinite(str(constant))


def _power(base, exponent):
    if base == 0 and _MP.re(exponent) <= 0:
        raise _NotFinite("0 to a power <= 0")
    return _MP.power(base, exponent)


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
    value = _student_value(got, expected, name)
    try:
        with _exact_number_budget(MAX_COMPARISON_BITS):
            _require_equivalent_entries(value, expected, points, np.random.default_rng(rng), name)
    except _NumbersTooLarge:
        raise CheckFailure(
            f"Wrong values in {name}: it makes sympy compute numbers too large to compare "
            f"(more than {MAX_COMPARISON_BITS} bits).",
            kind="value", name=name, expected_shape=_shape(expected) or (), found_shape=_shape(value) or (),
        ) from None  # fmt: skip


def _require_equivalent_entries(got, expected, points: int, rng: np.random.Generator, name: str) -> None:
    """Raise CheckFailure naming why the first differing entry differs, if one does."""
    got = _with_reference_symbols(got, expected)
    index = _first_differing_entry(got, expected, points, rng)
    if index is None:
        return
    unknown = _unknown_symbol_names(got, expected)
    if unknown:
        raise _unknown_symbols_failure(unknown, expected, name, index, got)
    if _is_transpose(got, expected, points, rng):
        raise _entry_failure(
            f"Wrong values in {name}: it is the transpose of the expected matrix. "
            "Rows must be outputs and columns inputs.",
            name, index, got, expected,
        )  # fmt: skip
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


def _unknown_symbol_names(got, expected) -> list[str]:
    known = {symbol.name for symbol in expected.free_symbols if isinstance(symbol, sp.Symbol)}
    return sorted({symbol.name for symbol in got.free_symbols if isinstance(symbol, sp.Symbol)} - known)


def _unknown_symbols_failure(unknown: list[str], expected, name: str, index, got) -> CheckFailure:
    known = sorted(symbol.name for symbol in expected.free_symbols if isinstance(symbol, sp.Symbol))
    message = (
        f"Wrong symbols in {name}: your answer uses {_join(unknown)}, "
        f"which the exercise does not define"
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
    text = sp.sstr(expr)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show_index(index: tuple) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------------------------
# The wire format: to_tree runs in the untrusted worker


def to_tree(value) -> list:
    """A sympy expression or Matrix as JSON-able nested lists (format in the module docstring).

    Raises ValueError naming the first node outside the whitelist, and for a value beyond the
    limits `from_tree` enforces (so the student learns it in the worker, not as a grader error).
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
        return ["Integer", str(expr.p)]
    if isinstance(expr, sp.Rational):
        return ["Rational", str(expr.p), str(expr.q)]
    if isinstance(expr, sp.Float):
        return ["Float", libmp.to_str(expr._mpf_, libmp.repr_dps(expr._prec)), expr._prec]
    if expr in _CONSTANT_TAGS:
        return [_CONSTANT_TAGS[expr]]
    tag = _operator_tag(expr)
    if tag is None:
        raise ValueError(_unsupported_message(_describe_node(expr)))
    return [tag, *(_node_to_tree(arg, depth + 1) for arg in expr.args)]


def _symbol_to_tree(symbol: sp.Symbol) -> list:
    if not symbol.is_commutative:
        raise ValueError(f"the result contains the non-commutative symbol {symbol.name}, which jackit cannot grade")
    facts = symbol.assumptions0
    true_facts = [name for name in SYMBOL_ASSUMPTIONS if facts.get(name) is True]
    return ["Symbol", symbol.name, true_facts] if true_facts else ["Symbol", symbol.name]


def _operator_tag(expr: sp.Basic) -> str | None:
    kind = type(expr)
    if kind is sp.Add or kind is sp.Mul or kind is sp.Pow:
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
    symbol names: nothing is evaluated or parsed as code. Raises ValueError (a one-line reason
    for the student) for anything outside the format or beyond the limits.
    """
    builder = _TreeBuilder()
    try:
        # distribute(False) keeps 2*(x + y) as written: see the module docstring.
        with distribute(False), _exact_number_budget(MAX_NUMBER_BITS):
            if type(tree) is list and tree and tree[0] == "Matrix":
                return builder.matrix(tree)
            return builder.expression(tree, 0)
    except _NumbersTooLarge:
        raise ValueError(
            f"the result makes sympy compute numbers of more than {MAX_NUMBER_BITS} bits, "
            "which jackit cannot grade"
        ) from None


class _TreeBuilder:
    """Rebuilds one tree, counting nodes and work against the limits."""

    def __init__(self):
        self.nodes = 0
        self.work = 0

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
            return self._operation(tag, [self.expression(arg, depth + 1) for arg in args])
        if tag == "Matrix":
            raise ValueError("a Matrix can only be the whole result, not part of an expression")
        raise ValueError(_unsupported_message(_show_tag(tag)))

    def _count_node(self, depth: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ValueError(f"the result has more than {MAX_NODES} nodes, which jackit cannot grade")
        if depth > MAX_DEPTH:
            raise ValueError(f"the result is nested more than {MAX_DEPTH} levels deep, which jackit cannot grade")

    def _operation(self, tag: str, args: list[sp.Expr]) -> sp.Expr:
        if tag == "Pow":
            result = sp.Pow(*args)
        elif tag in ("Add", "Mul"):
            operation = sp.Add if tag == "Add" else sp.Mul
            if _combined_number_bits(operation, args) > MAX_NUMBER_BITS:
                raise _NumbersTooLarge(f"{tag} of numbers with more than {MAX_NUMBER_BITS} bits")
            result = operation(*args)
        else:
            result = _FUNCTIONS[tag](*args)
        # Evaluation can touch more than the node's own arguments (flattening nested sums,
        # distributing a power over a product): count what it produced.
        self.work += len(result.args)
        if self.work > MAX_WORK:
            raise ValueError("the result is too large for jackit to grade once evaluated")
        return result


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
        raise ValueError(f"the symbol name {shown} is not allowed: use a Python identifier of at most {MAX_NAME_LENGTH} characters")
    facts = args[1] if len(args) == 2 else []
    if type(facts) is not list or not all(type(f) is str and f in SYMBOL_ASSUMPTIONS for f in facts):
        raise ValueError(f"the assumptions of symbol {name} must be a list of names among {', '.join(SYMBOL_ASSUMPTIONS)}")
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
