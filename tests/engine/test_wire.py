"""The wire format, without any process: what may cross, and what a lying peer cannot make us do."""

from __future__ import annotations

import io
import json
import struct
import warnings

import numpy as np
import pytest
import sympy as sp

from jackit.engine.wire import (MAGIC, FrameReader, Unencodable, WireError, WireLimits, decode_value, encode_frame,
                                encode_value, load_array)
from jackit.problems import Callback


def round_trip(value, *, allow_callbacks=False, limits=WireLimits()):
    arrays: list = []
    tree = encode_value(value, arrays, allow_callbacks=allow_callbacks, limits=limits)
    data = encode_frame({"seq": 1, "value": tree}, arrays, limits)
    reader = FrameReader(limits)
    for i in range(0, len(data), 7):  # arrives in small pieces
        reader.feed(data[i:i + 7])
    assert reader.frame is not None and not reader.extra
    return decode_value(reader.frame.header["value"], reader.frame.payloads, allow_callbacks=allow_callbacks,
                        limits=limits)


def raw_frame(header: dict, payloads: list[bytes] = ()) -> bytes:
    text = json.dumps(header).encode()
    parts = [MAGIC, struct.pack(">I", len(text)), text, struct.pack(">I", len(payloads))]
    for payload in payloads:
        parts += [struct.pack(">Q", len(payload)), payload]
    return b"".join(parts)


def read(data: bytes, limits=WireLimits()):
    reader = FrameReader(limits)
    reader.feed(data)
    return reader.frame


def npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=False)
    return buffer.getvalue()


# --- what crosses ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 2**80, 1.5, float("inf"), "", "Jacobian ∂f/∂x",
    (1, 2.0), [1, (2, [3])], {"a": 1, "b": [2.0, None]}, (), [], {},
])
def test_plain_values_cross_with_their_exact_type(value):
    """Do None, bools, ints, floats, strings, tuples, lists and dicts come back equal and of the same type?"""
    got = round_trip(value)
    assert got == value
    assert type(got) is type(value)
    if isinstance(value, (list, tuple)):
        assert [type(x) for x in got] == [type(x) for x in value]


def test_nan_crosses_as_a_float():
    """Does NaN cross as a float NaN (the checks, not the wire, reject it)?"""
    got = round_trip([float("nan"), np.array([np.nan])])
    assert type(got[0]) is float and np.isnan(got[0])
    assert np.isnan(got[1]).all()


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16", "int8", "int64", "uint16", "uint64", "bool"])
def test_arrays_keep_dtype_shape_and_values(dtype):
    """Does an array of each accepted dtype come back with the same dtype, shape and values?"""
    array = (np.arange(24) % 5).astype(dtype).reshape(2, 3, 4)
    got = round_trip(array)
    assert type(got) is np.ndarray and got.dtype == array.dtype and got.shape == (2, 3, 4)
    assert np.array_equal(got, array)
    assert got.flags.writeable


def test_non_contiguous_and_fortran_arrays_cross():
    """Do transposed, strided and Fortran-ordered arrays come back with the right values?"""
    base = np.arange(30.0).reshape(5, 6)
    for array in (base.T, base[::2, 1::3], np.asfortranarray(base), np.zeros((0, 3))):
        got = round_trip(array)
        assert got.shape == array.shape and np.array_equal(got, array)


def test_numpy_scalars_cross_as_zero_dimensional_arrays():
    """Does a numpy scalar (np.float64 is a float subclass) cross as a 0-d array, not a float?"""
    got = round_trip((np.float64(2.5), np.int32(3), np.bool_(True)))
    assert all(type(x) is np.ndarray and x.shape == () for x in got)
    assert got[0].dtype == np.float64 and got[0] == 2.5 and got[1].dtype == np.int32


def test_sympy_values_cross_through_the_whitelisted_tree():
    """Does a sympy expression or Matrix cross (as jackit.symbolic's tree) and come back equal?"""
    x, y = sp.symbols("x y")
    value = {"expr": sp.sin(x) * y**2, "jac": sp.Matrix([[sp.cos(x), -y], [x, sp.Rational(1, 3)]])}
    got = round_trip(value)
    assert sp.simplify(got["expr"] - value["expr"]) == 0
    assert got["jac"] == value["jac"]


def test_callbacks_cross_only_when_allowed():
    """Does a Callback cross in a request, and is a callback tag refused on the grader's side?"""
    callback = Callback(problem="Quadratic", method="grad", params={"A": np.eye(2), "b": np.ones(2)})
    got = round_trip((callback,), allow_callbacks=True)[0]
    assert type(got) is Callback and got.problem == "Quadratic" and np.array_equal(got.params["A"], np.eye(2))
    arrays: list = []
    tree = encode_value(callback, arrays, allow_callbacks=True)
    with pytest.raises(WireError):
        decode_value(tree, tuple(memoryview(npy(a)) for a in arrays), allow_callbacks=False)
    with pytest.raises(Unencodable):
        encode_value(callback, [], allow_callbacks=False)


# --- what does not cross -----------------------------------------------------------------------


class AlwaysEqual:
    def __eq__(self, other):
        return True


class SneakyFloat(float):
    def __eq__(self, other):
        return True


class SneakyArray(np.ndarray):
    pass


def a_matrix():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return np.matrix([[1.0]])


@pytest.mark.parametrize("value", [
    AlwaysEqual(), [1.0, AlwaysEqual()], SneakyFloat(1.0), np.arange(3.0).view(SneakyArray), a_matrix(),
    np.array([1 + 2j]), np.array([object()]), np.array(["a"]), np.zeros(2, dtype=[("a", "f8")]),
    np.array([1], dtype="datetime64[s]"), {1: 2.0}, lambda x: x, {1.0}, b"bytes", 1j, range(3),
    (x for x in range(3)), np.complex128(1j),
])
def test_values_that_could_carry_behaviour_are_refused(value):
    """Are objects, subclasses of float and ndarray, complex/object/string/structured arrays, sets,
    bytes, callables and non-string dict keys refused instead of sent?"""
    with pytest.raises(Unencodable):
        encode_value(value, [])


def test_encoding_limits_hold():
    """Are too deep nesting, too many values and too long strings refused?"""
    limits = WireLimits(max_depth=4, max_nodes=100, max_str=10)
    deep = [[[[[1]]]]]
    for value in (deep, list(range(200)), "x" * 11, {"k" * 11: 1}):
        with pytest.raises(Unencodable):
            encode_value(value, [], limits=limits)


def test_a_self_referencing_list_is_refused_not_recursed_forever():
    """Does a list that contains itself stop at the depth limit?"""
    loop: list = []
    loop.append(loop)
    with pytest.raises(Unencodable):
        encode_value(loop, [])


def test_a_frame_too_large_to_send_is_refused():
    """Does encode_frame refuse a frame beyond max_frame?"""
    with pytest.raises(WireError):
        encode_frame({"seq": 1}, [np.zeros(1000)], WireLimits(max_frame=1000))


# --- what a lying peer cannot do ------------------------------------------------------------------


def test_bad_magic_is_rejected():
    """Is a frame that does not start with the magic bytes rejected at once?"""
    with pytest.raises(WireError):
        read(b"XXXX" + bytes(20))


def test_announced_sizes_are_checked_before_reading():
    """Are an oversized header, too many arrays, or an oversized payload rejected from their length
    prefix alone, before any of those bytes arrive?"""
    limits = WireLimits(max_header=100, max_arrays=2, max_frame=1000)
    with pytest.raises(WireError):
        read(MAGIC + struct.pack(">I", 10**9), limits)
    header = b"{}"
    with pytest.raises(WireError):
        read(MAGIC + struct.pack(">I", 2) + header + struct.pack(">I", 3), limits)
    with pytest.raises(WireError):
        read(MAGIC + struct.pack(">I", 2) + header + struct.pack(">I", 1) + struct.pack(">Q", 2**40), limits)


@pytest.mark.parametrize("header", [b"[1, 2]", b"not json", b'"text"', b"{" * 100000])
def test_a_header_must_be_a_json_object(header):
    """Are a header that is not JSON, not an object, or absurdly nested rejected?"""
    data = MAGIC + struct.pack(">I", len(header)) + header + struct.pack(">I", 0)
    with pytest.raises(WireError):
        read(data)


@pytest.mark.parametrize("tree, payload_count", [
    ([1, 2], 0),                       # an untagged list
    ({"set": [1]}, 0),                 # an unknown tag
    ({"tuple": [1], "list": [2]}, 0),  # two tags
    ({"array": 0}, 0),                 # a missing payload
    ({"tuple": [{"array": 0}, {"array": 0}]}, 1),  # a payload used twice
    (1.0, 1),                          # a payload never used
    ({"array": True}, 1),              # a bool is not an index
    ({"dict": [1]}, 0),                # a dict body that is not an object
    ({"callback": {"problem": "Quadratic", "method": "grad", "params": {"dict": {}}}}, 0),
])
def test_malformed_value_trees_are_rejected(tree, payload_count):
    """Are untagged containers, unknown tags, missing, reused or unused payloads, and callbacks
    (coming back from a worker) all rejected?"""
    payloads = tuple(memoryview(npy(np.zeros(2))) for _ in range(payload_count))
    with pytest.raises(WireError):
        decode_value(tree, payloads)


def test_strings_with_unpaired_surrogates_are_rejected():
    """Is a string that is not valid Unicode (a lone surrogate from JSON) rejected?"""
    tree = json.loads('"\\ud800"')
    with pytest.raises(WireError):
        decode_value(tree, ())


def npy_with_header(descr: str, shape: tuple, data: bytes, version=(1, 0)) -> bytes:
    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode("latin1")
    header += b" " * (63 - (len(header) + 10) % 64) + b"\n"
    return b"\x93NUMPY" + bytes(version) + struct.pack("<H", len(header)) + header + data


@pytest.mark.parametrize("payload", [
    npy_with_header("|O", (1,), b"\x80\x04K\x01."),             # a pickled object array
    npy_with_header("<c16", (1,), bytes(16)),                   # complex
    npy_with_header("<U1", (1,), bytes(4)),                     # strings
    npy_with_header("[('a', '<f8')]", (1,), bytes(8)),          # structured
    npy_with_header("<f8", (10**12,), bytes(8)),                # a shape far larger than the data
    npy_with_header("<f8", (2,), bytes(24)),                    # trailing bytes
    npy_with_header("<f8", (2,), bytes(8)),                     # truncated data
    npy_with_header("<f8", (-1,), bytes(8)),                    # a negative dimension
    npy_with_header("<f8", (1,), bytes(8), version=(3, 0)),     # a version we do not read
    b"\x93NUMPY\x01\x00" + struct.pack("<H", 30) + b"__import__('os').system('x')\n",  # not a dict
    b"not an npy file at all",
])
def test_array_payloads_are_validated_before_any_allocation(payload):
    """Are pickled, complex, string and structured arrays, lying shapes, trailing or missing bytes,
    unknown versions and code in the header all rejected?"""
    with pytest.raises(WireError):
        load_array(memoryview(payload))


def test_big_endian_arrays_arrive_native():
    """Is a big-endian array converted to native byte order (same values)?"""
    array = np.arange(4.0).astype(">f8")
    got = load_array(memoryview(npy(array)))
    assert got.dtype == np.float64 and got.dtype.isnative and np.array_equal(got, array)


def test_bytes_after_a_frame_are_kept_apart():
    """Does the reader report bytes after the end of a frame (a protocol violation for the caller)?"""
    reader = FrameReader()
    frame = encode_frame({"seq": 1})
    reader.feed(frame + b"extra")
    assert reader.frame is not None and reader.extra == b"extra"
    reader.feed(b"more")
    assert reader.extra == b"extramore"
