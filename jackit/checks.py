"""Checks that compare a student's value with a trusted one and explain any difference to the student.

Every check returns None on success and raises `CheckFailure` otherwise. The checks look at the
student's value in a fixed order and stop at the first problem: its type, then its exact shape
(numpy broadcasting would make shapes (3, 1) and (3,) look "close"), then its dtype, then
finiteness, then the values. Values are compared norm-wise:

    ||got − expected||_F <= rtol · max(||got||_F, ||expected||_F) + atol

Integer and bool values must be equal. The Jacobian shape convention is in `jackit.oracles`.

There are no default tolerances: callers pass the course's (course.toml `[defaults.tolerance]`:
`reference` for a comparison with the reference solution, `oracle` for one with finite
differences).

The student's value (`got`, `jac`, `jvp_value`, ...) is untrusted: it may be None, a list, an
object with a strange `__eq__`, an ndarray subclass. The checks never call a method of it
unless its type is exactly a Python number or a numpy scalar or array type; an ndarray subclass
is first turned into a plain ndarray. `expected`, `f`, `loss`, `x`, `u`, `v` are trusted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from collections.abc import Callable

import numpy as np

from jackit.oracles import (
    TINY,
    frobenius_norm,
    numerical_grad,
    numerical_jacobian,
    numerical_jvp,
    numerical_vjp,
    relative_error,
    scaled_random_direction,
    taylor_remainder_order,
)

__all__ = [
    "CheckFailure",
    "GRAY_ZONE",
    "KINDS",
    "MIN_TAYLOR_ORDER",
    "RETRY_STEP_SCALES",
    "check_close",
    "check_grad",
    "check_jacobian",
    "check_jvp",
    "check_vjp",
]

GRAY_ZONE = 1e3
"""An error between rtol and GRAY_ZONE · rtol against finite differences is retried before failing."""
RETRY_STEP_SCALES = (10.0, 0.1)
"""The retry recomputes the oracle with every step multiplied by these factors."""
MIN_TAYLOR_ORDER = 1.5
"""The retry needs the Taylor remainder to shrink faster than t^1.5 (≈ t² when right, t when wrong)."""

KINDS = ("type", "shape", "dtype", "not_finite", "value")


class CheckFailure(AssertionError):
    """A check failed. `str()` is a message for the student; the attributes are for feedback pages.

    kind:            one of "type", "shape", "dtype", "not_finite", "value"
    name:            what was checked, in the student's terms ("polar_jacobian(r, theta)")
    expected_shape:  the required shape (a tuple), when known
    found_shape:     the student's shape, when the value is an array or a number
    worst_index:     the index of the entry the message points at (a tuple; () for a scalar)
    worst_expected:  the expected (or numeric) value of that entry
    worst_found:     the student's value of that entry
    ratio:           c when every entry of the student's value is c × the expected one, else None
    error:           the norm-wise relative error ||got − expected|| / max(||got||, ||expected||)
    tolerance:       the relative error allowed (rtol + atol / max(||got||, ||expected||))
    """

    FIELDS = (
        "kind", "name", "expected_shape", "found_shape", "worst_index",
        "worst_expected", "worst_found", "ratio", "error", "tolerance",
    )  # fmt: skip

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        name: str,
        expected_shape: tuple[int, ...] | None = None,
        found_shape: tuple[int, ...] | None = None,
        worst_index: tuple[int, ...] | None = None,
        worst_expected: float | None = None,
        worst_found: float | None = None,
        ratio: float | None = None,
        error: float | None = None,
        tolerance: float | None = None,
    ):
        if kind not in KINDS:
            raise ValueError(f"unknown CheckFailure kind {kind!r}")
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.name = name
        self.expected_shape = expected_shape
        self.found_shape = found_shape
        self.worst_index = worst_index
        self.worst_expected = worst_expected
        self.worst_found = worst_found
        self.ratio = ratio
        self.error = error
        self.tolerance = tolerance

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict:
        """The message and the structured fields, as plain Python values."""
        return {"message": self.message, **{field: getattr(self, field) for field in self.FIELDS}}

    def __reduce__(self):
        # Keyword-only fields: rebuild from the dict so failures survive pickling (pytest-xdist).
        return (_rebuild_check_failure, (self.as_dict(),))


def _rebuild_check_failure(fields: dict) -> CheckFailure:
    return CheckFailure(**fields)


# --------------------------------------------------------------------------------------------
# Public checks


def check_close(got, expected, *, rtol: float, atol: float = 0.0, name: str = "the result") -> None:
    """Is `got` (untrusted) equal to `expected` (trusted) within rtol and atol, norm-wise?

    Shapes must be equal exactly. A float `expected` needs float64 entries (a Python float, a
    numpy float64 or a 0-d array where `expected` is a scalar); integer and bool `expected`
    values must be matched exactly by integer (resp. bool) values.
    """
    expected = _trusted(expected)
    got = _validated(got, expected, name)
    if expected.dtype.kind in "biu":
        if not np.array_equal(got, expected):
            raise _value_failure(_describe_difference(got, expected, rtol=0.0, atol=0.0), name, _PLAIN)
        return
    if not _within(got, expected, rtol=rtol, atol=atol):
        raise _value_failure(_describe_difference(got, expected, rtol=rtol, atol=atol), name, _PLAIN)


def check_jacobian(f: Callable, x, jac, *, rtol: float, name: str = "the Jacobian") -> None:
    """Is the analytic `jac` (untrusted) the Jacobian of `f` at `x`, compared with finite differences?

    `jac` must have shape f(x).shape + x.shape (see `jackit.oracles`). A forward-difference
    Jacobian is wrong by about h·|f''|/|f'| (6e-6 for the oracle's step, 1e-8 for h = √eps):
    the oracle tolerance (1e-6) may accept it where f is nearly linear or h is small; the
    reference check (`check_close` at 1e-9 against the exact Jacobian) rejects it.
    """
    x = _trusted_input(x)
    direction = scaled_random_direction(x)

    def taylor_order(analytic: np.ndarray) -> float:
        return taylor_remainder_order(f, x, direction, np.tensordot(analytic, direction, x.ndim))

    numeric = numerical_jacobian(f, x)
    out_shape = numeric.shape[: numeric.ndim - x.ndim]
    _check_against_oracle(
        jac,
        lambda step_scale: numerical_jacobian(f, x, step_scale=step_scale),
        taylor_order,
        numeric=numeric,
        rtol=rtol,
        name=name,
        shape_hint=f"a Jacobian has shape f(x).shape + x.shape = {out_shape} + {x.shape}",
        matrix_shape=(math.prod(out_shape), x.size),
    )


def check_jvp(f: Callable, x, u, jvp_value, *, rtol: float, name: str = "the Jacobian-vector product") -> None:
    """Is the analytic `jvp_value` (untrusted, shape of f(x)) equal to J u, compared with finite differences?"""
    x = _trusted_input(x)
    u = _trusted_input(u)

    def taylor_order(analytic: np.ndarray) -> float:
        return taylor_remainder_order(f, x, u, analytic)

    numeric = numerical_jvp(f, x, u)
    _check_against_oracle(
        jvp_value,
        lambda step_scale: numerical_jvp(f, x, u, step_scale=step_scale),
        taylor_order,
        numeric=numeric,
        rtol=rtol,
        name=name,
        shape_hint=f"J u has the shape of f(x), {numeric.shape}",
    )


def check_vjp(f: Callable, x, v, vjp_value, *, rtol: float, name: str = "the vector-Jacobian product") -> None:
    """Is the analytic `vjp_value` (untrusted, shape of x) equal to vᵀ J, compared with finite differences?"""
    x = _trusted_input(x)
    v = _trusted_input(v)
    direction = scaled_random_direction(x)

    def projected(y: np.ndarray) -> float:
        return float(np.vdot(v, np.asarray(f(y), dtype=np.float64)))

    def taylor_order(analytic: np.ndarray) -> float:
        return taylor_remainder_order(projected, x, direction, np.vdot(analytic, direction))

    _check_against_oracle(
        vjp_value,
        lambda step_scale: numerical_vjp(f, x, v, step_scale=step_scale),
        taylor_order,
        numeric=numerical_vjp(f, x, v),
        rtol=rtol,
        name=name,
        shape_hint=f"vᵀ J has the shape of x, {x.shape}",
    )


def check_grad(loss: Callable, x, grad_value, *, rtol: float, name: str = "the gradient") -> None:
    """Is the analytic `grad_value` (untrusted, shape of x) the gradient of the scalar `loss` at `x`?"""
    x = _trusted_input(x)
    direction = scaled_random_direction(x)

    def taylor_order(analytic: np.ndarray) -> float:
        return taylor_remainder_order(loss, x, direction, np.vdot(analytic, direction))

    _check_against_oracle(
        grad_value,
        lambda step_scale: numerical_grad(loss, x, step_scale=step_scale),
        taylor_order,
        numeric=numerical_grad(loss, x),
        rtol=rtol,
        name=name,
        shape_hint=f"a gradient has the shape of x, {x.shape}",
    )


def _check_against_oracle(
    got,
    oracle: Callable[[float], np.ndarray],
    taylor_order: Callable[[np.ndarray], float],
    *,
    numeric: np.ndarray,
    rtol: float,
    name: str,
    shape_hint: str,
    matrix_shape: tuple[int, int] | None = None,
) -> None:
    """Compare an analytic value with finite differences, retrying in the gray zone before failing.

    `oracle(step_scale)` recomputes the numeric value with every step scaled; `numeric` is
    `oracle(1.0)`. In the gray zone (rtol < error <= GRAY_ZONE · rtol) the analytic value passes
    if the oracle with a 10× larger or smaller step agrees within rtol (the first step was
    unlucky: truncation or rounding) and the Taylor remainder shrinks like t² (it is a derivative).
    """
    expected = _trusted(numeric, what="the finite-difference value of f near x")
    analytic = _validated(got, expected, name, shape_hint=shape_hint)
    if _within(analytic, expected, rtol=rtol, atol=0.0):
        return
    difference = _describe_difference(analytic, expected, rtol=rtol, atol=0.0, matrix_shape=matrix_shape)
    in_gray_zone = difference.error <= GRAY_ZONE * rtol
    if in_gray_zone and _confirmed_by_retry(analytic, oracle, taylor_order, rtol):
        return
    raise _value_failure(difference, name, _ORACLE, retried=in_gray_zone)


def _confirmed_by_retry(analytic, oracle, taylor_order, rtol: float) -> bool:
    """Do another step size and the Taylor test both say the analytic value is right?"""
    another_step_agrees = any(relative_error(analytic, oracle(scale)) <= rtol for scale in RETRY_STEP_SCALES)
    return another_step_agrees and taylor_order(analytic) >= MIN_TAYLOR_ORDER


# --------------------------------------------------------------------------------------------
# Type, shape, dtype and finiteness of an untrusted value

_PYTHON_NUMBERS = (bool, int, float, complex)


def _trusted(expected, what: str = "the expected value") -> np.ndarray:
    """The trusted value as a plain array: numeric, and finite (a non-finite one is a grader bug)."""
    expected = np.asarray(expected)
    if expected.dtype.kind not in "biufc":
        raise TypeError(f"{what} must be numeric, got dtype {expected.dtype}")
    if expected.dtype.kind in "fc" and not np.all(np.isfinite(expected)):
        raise ValueError(f"{what} is not finite: the check cannot compare with it")
    return expected


def _trusted_input(x) -> np.ndarray:
    return np.array(x, dtype=np.float64)


def _validated(got, expected: np.ndarray, name: str, *, shape_hint: str = "") -> np.ndarray:
    """`got` as a plain ndarray after the type, shape, dtype and finiteness checks, in that order."""
    array = _as_plain_array(got, expected, name)
    if array.shape != expected.shape:
        raise _shape_failure(array.shape, expected.shape, name, shape_hint)
    dtype_problem = _dtype_problem(array.dtype, expected.dtype)
    if dtype_problem:
        raise CheckFailure(
            f"Wrong type of entries in {name}: {dtype_problem}",
            kind="dtype", name=name, expected_shape=expected.shape, found_shape=array.shape,
        )  # fmt: skip
    if array.dtype.kind in "fc":
        _require_finite(array, expected, name)
    return array


def _as_plain_array(got, expected: np.ndarray, name: str) -> np.ndarray:
    """Accept an ndarray (or subclass), or a number where a scalar is expected; reject the rest.

    Only `type(got)` is inspected before accepting: it cannot be faked the way `isinstance`
    can (through a `__class__` property).
    """
    kind = type(got)
    if issubclass(kind, np.ndarray):
        return np.asarray(got)
    if expected.ndim == 0 and (kind in _PYTHON_NUMBERS or issubclass(kind, np.generic)):
        return np.asarray(got)
    raise CheckFailure(
        f"Wrong type for {name}: expected {_describe_expected(expected)}, found {_describe_found(got)}."
        + _type_hint(got, expected),
        kind="type", name=name, expected_shape=expected.shape,
    )  # fmt: skip


def _describe_expected(expected: np.ndarray) -> str:
    scalar = {"b": "True or False", "i": "an integer", "u": "an integer", "c": "a complex number"}
    if expected.ndim == 0:
        return scalar.get(expected.dtype.kind, "a float")
    entries = {"b": "a bool", "i": "an integer", "u": "an integer", "c": "a complex128"}
    return f"{entries.get(expected.dtype.kind, 'a float64')} array of shape {expected.shape}"


def _describe_found(got) -> str:
    if got is None:
        return "None"
    kind = type(got)
    if kind in (list, tuple, dict, set, str):
        return f"a {kind.__name__}"
    if kind in _PYTHON_NUMBERS or issubclass(kind, np.generic):
        return f"a single number ({kind.__name__})"
    return f"an object of type {kind.__name__}"


def _type_hint(got, expected: np.ndarray) -> str:
    if got is None:
        return " Does the function end with a `return` statement?"
    if type(got) in (list, tuple):
        return " Convert it with np.array(..., dtype=float)." if expected.ndim else ""
    if type(got) in _PYTHON_NUMBERS or issubclass(type(got), np.generic):
        return " Return a numpy array, e.g. built with np.array or np.stack."
    return ""


def _shape_failure(found: tuple, expected: tuple, name: str, shape_hint: str) -> CheckFailure:
    lines = [f"Wrong shape for {name}: expected shape {_show_shape(expected)}, found {_show_shape(found)}."]
    if len(found) > 1 and found == expected[::-1]:
        lines.append("The axes are in the opposite order: is it transposed?")
    elif _without_ones(found) == _without_ones(expected):
        lines.append("It has an axis of length 1 too many or too few (a column instead of a flat array? keepdims?).")
    elif math.prod(found) == math.prod(expected):
        lines.append("It has the right number of entries, arranged differently: check reshape and axis order.")
    if shape_hint:
        lines.append(f"({shape_hint[0].upper()}{shape_hint[1:]}.)")
    return CheckFailure(" ".join(lines), kind="shape", name=name, expected_shape=expected, found_shape=found)


def _without_ones(shape: tuple) -> tuple:
    return tuple(n for n in shape if n != 1)


def _show_shape(shape: tuple) -> str:
    return "() (a single number)" if shape == () else str(shape)


def _dtype_problem(found: np.dtype, expected: np.dtype) -> str:
    """What is wrong with the student's dtype, in words, or '' if nothing is."""
    if expected.kind == "f":
        if found.kind == "f" and found.itemsize == 8:
            return ""
        if found.kind == "f" and found.itemsize < 8:
            digits = np.finfo(found).precision
            return (
                f"expected float64, found {found.name}. {found.name} keeps only about {digits} significant "
                f"digits and loses the precision this check needs: compute in float64 "
                f"(remove dtype=np.{found.name} or .astype(np.{found.name}))."
            )
        return f"expected float64 numbers, found {_describe_dtype(found)}."
    if expected.kind == "c":
        ok = found.kind == "c" and found.itemsize == 16
        return "" if ok else f"expected complex128 numbers, found {_describe_dtype(found)}."
    if expected.kind in "iu":
        return "" if found.kind in "iu" else f"expected integers, found {_describe_dtype(found)}."
    return "" if found.kind == "b" else f"expected True/False values, found {_describe_dtype(found)}."


def _describe_dtype(dtype: np.dtype) -> str:
    return {
        "b": "True/False values (bool): convert with .astype(float)",
        "i": f"integers ({dtype.name}): use floats (1.0 rather than 1, or dtype=float)",
        "u": f"integers ({dtype.name}): use floats (1.0 rather than 1, or dtype=float)",
        "f": f"{dtype.name}: convert with .astype(np.float64)",
        "c": f"complex numbers ({dtype.name})",
        "O": "Python objects (dtype object): build the array from numbers only",
    }.get(dtype.kind, f"entries of type {dtype}")


def _require_finite(array: np.ndarray, expected: np.ndarray, name: str) -> None:
    finite = np.isfinite(array)
    if finite.all():
        return
    bad = np.argwhere(~finite)
    index = tuple(int(i) for i in bad[0])
    value = array[index]
    where = f"entry {_show_index(index)} is {value}" if index else f"it is {value}"
    raise CheckFailure(
        f"Values of {name} are not finite: {where} ({len(bad)} of {array.size} entries are nan or inf). "
        "Every entry must be a finite number: look for a division by zero, a log of 0 or an overflow.",
        kind="not_finite", name=name, expected_shape=expected.shape, found_shape=array.shape,
        worst_index=index, worst_expected=expected[index].item(), worst_found=value.item(),
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# Describing a difference in values (shared by every check)


@dataclass(frozen=True)
class _Labels:
    expected: str
    found: str
    intro: str  # "{name}" is replaced


_PLAIN = _Labels("expected", "found", "Wrong values in {name}: it does not match the expected value.")
_ORACLE = _Labels(
    "numeric",
    "analytic",
    "Wrong values in {name}: the analytic value does not match the numeric one "
    "(central finite differences of the function at the same x).",
)


@dataclass(frozen=True)
class _Difference:
    """How `got` differs from `expected` (same shape): the numbers behind a value failure."""

    shape: tuple[int, ...]
    error: float  # norm-wise relative error
    tolerance: float  # relative error allowed
    worst_index: tuple[int, ...]
    worst_expected: float | complex
    worst_found: float | complex
    ratio: float | None  # got ≈ ratio · expected for every entry
    entries_off: int  # entries whose own difference exceeds the whole allowance
    transposed: bool  # got matches the transpose of expected (seen as a square matrix)


def _as_common_float(got: np.ndarray, expected: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    as_float = np.complex128 if "c" in (got.dtype.kind, expected.dtype.kind) else np.float64
    return got.astype(as_float, copy=False), expected.astype(as_float, copy=False)


def _error_and_tolerance(got: np.ndarray, expected: np.ndarray, *, rtol: float, atol: float
                         ) -> tuple[float, float, float]:
    """The norm-wise relative error, the relative tolerance and the scale they are relative to."""
    scale = max(frobenius_norm(got), frobenius_norm(expected), TINY)
    return frobenius_norm(got - expected) / scale, (rtol * scale + atol) / scale, scale


def _within(got: np.ndarray, expected: np.ndarray, *, rtol: float, atol: float) -> bool:
    """The pass/fail decision alone: cheap, so that passing checks cost no description."""
    error, tolerance, _ = _error_and_tolerance(*_as_common_float(got, expected), rtol=rtol, atol=atol)
    return error <= tolerance


def _describe_difference(
    got: np.ndarray,
    expected: np.ndarray,
    *,
    rtol: float,
    atol: float,
    matrix_shape: tuple[int, int] | None = None,
) -> _Difference:
    """The single place that measures a difference: error, worst entry, constant ratio, transpose."""
    got, expected = _as_common_float(got, expected)
    error, tolerance, scale = _error_and_tolerance(got, expected, rtol=rtol, atol=atol)
    allowance = tolerance * scale
    gap = np.abs(got - expected)
    worst = np.unravel_index(int(np.argmax(gap)), got.shape) if got.size else ()
    worst_index = tuple(int(i) for i in worst)
    if matrix_shape is None and got.ndim == 2:
        matrix_shape = got.shape
    return _Difference(
        shape=got.shape,
        error=error,
        tolerance=tolerance,
        worst_index=worst_index,
        worst_expected=expected[worst_index].item() if got.size else math.nan,
        worst_found=got[worst_index].item() if got.size else math.nan,
        ratio=_constant_ratio(got, expected, rtol),
        entries_off=int(np.count_nonzero(gap > allowance)),
        transposed=_matches_transpose(got, expected, matrix_shape, rtol),
    )


_RATIO_RESOLUTION = 1e-6
"""A constant ratio is reported when it holds to max(rtol, this) (relative): oracles are that accurate."""


def _constant_ratio(got: np.ndarray, expected: np.ndarray, rtol: float) -> float | None:
    """c with got ≈ c · expected (to max(rtol, 1e-6) relative), if c is real and not 1; else None."""
    scale = max(frobenius_norm(got), frobenius_norm(expected), TINY)
    g, e = got / scale, expected / scale
    e_squared = float(np.vdot(e, e).real)
    if e_squared == 0.0 or got.dtype.kind == "c":
        return None
    c = float(np.vdot(e, g).real) / e_squared
    residual = frobenius_norm(g - c * e) / max(frobenius_norm(g), TINY)
    resolution = max(rtol, _RATIO_RESOLUTION)
    if residual > resolution or abs(c - 1.0) <= resolution:
        return None
    return c


def _matches_transpose(got, expected, matrix_shape, rtol: float) -> bool:
    if matrix_shape is None or matrix_shape[0] != matrix_shape[1] or matrix_shape[0] < 2:
        return False
    transposed = expected.reshape(matrix_shape).T
    return bool(relative_error(got.reshape(matrix_shape), transposed) <= max(10 * rtol, 1e-6))


def _value_failure(difference: _Difference, name: str, labels: _Labels, *, retried: bool = False) -> CheckFailure:
    d = difference
    expected_text, found_text = _format_pair(d.worst_expected, d.worst_found)
    where = f"worst entry {_show_index(d.worst_index)}: " if d.worst_index else ""
    lines = [
        labels.intro.format(name=name),
        f"  {where}{labels.expected} {expected_text}, {labels.found} {found_text}",
    ]
    if d.ratio is not None:
        resolution = max(d.tolerance, _RATIO_RESOLUTION)
        lines.append(f"  {_describe_ratio(d.ratio, labels, scalar=not d.shape, resolution=resolution)}")
    if d.transposed:
        lines.append(
            f"  the {labels.found} value is the transpose of the {labels.expected} one: "
            "rows must be outputs and columns inputs"
        )
    over = "over all entries " if d.worst_index else ""
    lines.append(
        f"  relative difference {over}{d.error:.2g}, at most {d.tolerance:.2g} allowed"
        + (f" ({d.entries_off} of {math.prod(d.shape)} entries are off)" if d.worst_index else "")
    )
    if retried:
        lines.append("  (checked again with finite-difference steps 10× larger and 10× smaller: still different)")
    return CheckFailure(
        "\n".join(lines),
        kind="value", name=name, expected_shape=d.shape, found_shape=d.shape,
        worst_index=d.worst_index, worst_expected=d.worst_expected, worst_found=d.worst_found,
        ratio=d.ratio, error=d.error, tolerance=d.tolerance,
    )  # fmt: skip


def _describe_ratio(ratio: float, labels: _Labels, *, scalar: bool, resolution: float) -> str:
    """The constant factor between found and expected, as the likely mistake."""
    shown = _format_ratio(ratio, resolution)
    every = "it is" if scalar else "every entry is"
    if ratio == 0.0:
        return "it is 0" if scalar else "it is all zeros"
    if shown == "-1":
        return f"{every} -1 × the {labels.expected} value: a sign error"
    if ratio < 0:
        factor = _format_ratio(-ratio, resolution)
        return f"{every} {shown} × the {labels.expected} value: a sign error and a factor {factor}"
    if ratio > 1:
        return f"{every} {shown} × the {labels.expected} value ({shown}× too large)"
    return f"{every} {shown} × the {labels.expected} value ({_format_ratio(1 / ratio, resolution)}× too small)"


def _format_ratio(ratio: float, resolution: float) -> str:
    """The ratio with 4 significant digits, or more to tell it from ±1 when it differs by > resolution."""
    for digits in range(4, 18):
        text = _format_number(ratio, digits)
        if text not in ("1", "-1") or abs(abs(ratio) - 1.0) <= resolution:
            break
    return text


def _format_pair(expected, found) -> tuple[str, str]:
    """Both numbers with just enough significant digits (≥ 6) to tell them apart."""
    a, b = _format_number(expected, 6), _format_number(found, 6)
    for digits in range(7, 18):
        if a != b:
            break
        # Keep trailing zeros now, so that both numbers show the same number of digits.
        a, b = _format_number(expected, digits, "#"), _format_number(found, digits, "#")
    return a, b


def _format_number(value, digits: int, alternate: str = "") -> str:
    text = f"{value:{alternate}.{digits}g}"
    return "0" if text == "-0" else text


def _show_index(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]"
