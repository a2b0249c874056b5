"""The wire format between the trusted grader and the untrusted worker.

Nothing that crosses it is ever unpickled, evaluated or imported: a frame is a JSON header plus raw
arrays, and the receiving side checks every length before reading the bytes it announces.

Frame (integers are unsigned, big-endian)::

    magic    4 bytes   b"JKW1"
    hlen     u32       header length, at most `WireLimits.max_header`
    header   hlen      UTF-8 JSON object
    count    u32       number of array payloads, at most `WireLimits.max_arrays`
    count × (plen u64, plen bytes)   one array each, in numpy's .npy format (numpy.lib.format)

A whole frame is at most `WireLimits.max_frame` bytes (256 MB by default).

Headers. Requests carry a sequence number: ``{"seq": n, "op": "import", "module": m}`` and
``{"seq": n, "op": "call", "module": m, "function": f, "args": V}`` where V is the pair
``(args, kwargs)`` as a tuple of a tuple and a dict (so both share the frame's arrays). The worker answers
``{"seq": n, "ok": true, "value": V}`` or ``{"seq": n, "ok": false, "error": {...}}`` (fields
described in jackit.engine.worker); a reply whose number is not the request's is rejected. The
worker opens with ``{"seq": 0, "ok": true, "ready": true}`` once it is confined.

Values V are JSON, tagged so that nothing is ambiguous:

    null, true, false, a number (int or float; NaN and ±Infinity allowed), a string
    {"tuple": [V, ...]}   {"list": [V, ...]}   {"dict": {"key": V, ...}}  (string keys)
    {"array": i}          the i-th payload of the frame; each payload is used exactly once
    {"sympy": T}          a sympy expression or Matrix as jackit.symbolic.to_tree writes it
    {"callback": {"problem": s, "method": s, "params": V}}   a jackit.problems.Callback (requests only)

Arrays are plain ndarrays of dtype kind f, i, u or b (bool, integers, floats); complex, object,
string, structured and datetime arrays are refused. numpy scalars cross as 0-d arrays. The reader
parses the .npy header with numpy.lib.format's header functions (never `allow_pickle`) and checks
that the data is exactly shape × itemsize bytes before building the array, so a lying header cannot
make it allocate more than it received.
"""

from __future__ import annotations

import io
import json
import math
import struct
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

MAGIC = b"JKW1"
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
ARRAY_KINDS = "fiub"
MAX_NDIM = 32


@dataclass(frozen=True)
class WireLimits:
    max_frame: int = 256 * 2**20
    max_header: int = 16 * 2**20
    max_arrays: int = 4096
    max_depth: int = 32
    """Nesting of tuples, lists and dicts."""
    max_nodes: int = 1_000_000
    """Values in one frame, all levels counted."""
    max_str: int = 65_536
    """Characters of one string (dict keys included)."""
    max_npy_header: int = 10_000


DEFAULT_LIMITS = WireLimits()


class WireError(ValueError):
    """A frame or value that breaks the format; the message names what was wrong."""


class Unencodable(TypeError):
    """A value that may not cross the boundary. `what` is the offending type's name, `where` a path."""

    def __init__(self, what: str, where: str, why: str = ""):
        self.what, self.where, self.why = what, where, why
        at = f" at {where}" if where else ""
        super().__init__(f"{what}{at}{': ' + why if why else ''}")


@dataclass(frozen=True)
class Frame:
    header: dict
    payloads: tuple[memoryview, ...]


# --- frames ------------------------------------------------------------------------------------


def encode_frame(header: dict, arrays: list[np.ndarray] = (), limits: WireLimits = DEFAULT_LIMITS) -> bytes:
    """One frame as bytes; raises WireError if it would exceed the limits."""
    text = json.dumps(header, allow_nan=True, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    if len(text) > limits.max_header:
        raise WireError(f"the header is {len(text)} bytes, more than the {limits.max_header} allowed")
    if len(arrays) > limits.max_arrays:
        raise WireError(f"{len(arrays)} arrays, more than the {limits.max_arrays} allowed")
    parts = [MAGIC, _U32.pack(len(text)), text, _U32.pack(len(arrays))]
    total = 12 + len(text)
    for array in arrays:
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, array, allow_pickle=False)
        payload = buffer.getvalue()
        total += 8 + len(payload)
        if total > limits.max_frame:
            raise WireError(f"the frame would exceed {limits.max_frame // 2**20} MB")
        parts += [_U64.pack(len(payload)), payload]
    return b"".join(parts)


class FrameReader:
    """Incremental parser: `feed` bytes as they arrive; `frame` is set once a whole frame is in.

    Every announced length is checked against the limits before the reader waits for its bytes.
    Bytes beyond the end of the frame are kept in `extra` (a protocol violation for the caller).
    """

    def __init__(self, limits: WireLimits = DEFAULT_LIMITS):
        self.limits = limits
        self.buffer = bytearray()
        self.frame: Frame | None = None
        self._header: dict | None = None
        self._count: int | None = None
        self._offsets: list[tuple[int, int]] = []
        self._pos = 0
        self._need = 8
        self._extra = bytearray()

    @property
    def extra(self) -> bytes:
        """Bytes received after the end of the frame."""
        if self.frame is None:
            return b""
        return bytes(self.buffer[self._pos:]) + bytes(self._extra)

    def feed(self, data: bytes) -> Frame | None:
        if self.frame is not None:  # the buffer is exported by the frame's views: keep extras apart
            self._extra += data
            return self.frame
        self.buffer += data
        self._parse()
        return self.frame

    def wanted(self) -> int:
        """A lower bound on the bytes still missing (for blocking readers)."""
        if self.frame is not None:
            return 0
        if self._header is None:
            if len(self.buffer) < 8:
                return 8 - len(self.buffer)
            return 8 + _U32.unpack_from(self.buffer, 4)[0] + 4 - len(self.buffer)
        return max(1, self._need - len(self.buffer))

    def _parse(self) -> None:
        buf, limits = self.buffer, self.limits
        if self._header is None:
            if len(buf) >= 4 and bytes(buf[:4]) != MAGIC:
                raise WireError("the frame does not start with the magic bytes")
            if len(buf) < 8:
                return
            hlen = _U32.unpack_from(buf, 4)[0]
            if hlen > limits.max_header or 12 + hlen > limits.max_frame:
                raise WireError(f"a header of {hlen} bytes is too large")
            if len(buf) < 12 + hlen:
                return
            self._header = parse_header(bytes(buf[8:8 + hlen]))
            count = _U32.unpack_from(buf, 8 + hlen)[0]
            if count > limits.max_arrays:
                raise WireError(f"{count} arrays exceed the {limits.max_arrays} allowed")
            self._count = count
            self._pos = 12 + hlen
            self._need = self._pos + (8 if count else 0)
        while len(self._offsets) < self._count:
            if len(buf) < self._pos + 8:
                self._need = self._pos + 8
                return
            plen = _U64.unpack_from(buf, self._pos)[0]
            end = self._pos + 8 + plen
            if end > limits.max_frame:
                raise WireError(f"the frame exceeds {limits.max_frame // 2**20} MB")
            if len(buf) < end:
                self._need = end
                return
            self._offsets.append((self._pos + 8, end))
            self._pos = end
        view = memoryview(buf)  # no copy: the buffer is not resized once the frame is complete
        self.frame = Frame(self._header, tuple(view[a:b] for a, b in self._offsets))


def parse_header(data: bytes) -> dict:
    try:
        header = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as err:
        raise WireError(f"the header is not valid JSON ({type(err).__name__})") from None
    if type(header) is not dict:
        raise WireError("the header is not a JSON object")
    return header


def read_frame(sock, limits: WireLimits = DEFAULT_LIMITS) -> Frame:
    """Blocking read of one frame from a socket (the worker's side; the grader uses a poll loop)."""
    reader = FrameReader(limits)
    while reader.frame is None:
        data = sock.recv(max(reader.wanted(), 65536))
        if not data:
            raise EOFError("the peer closed the connection")
        reader.feed(data)
    if reader.extra:
        raise WireError("bytes after the end of the frame")
    return reader.frame


# --- values ------------------------------------------------------------------------------------


def encode_value(value: Any, arrays: list[np.ndarray], *, allow_callbacks: bool = False,
                 limits: WireLimits = DEFAULT_LIMITS) -> Any:
    """`value` as a tagged JSON tree; arrays are appended to `arrays`. Raises Unencodable.

    Types are checked exactly (`type(v) is float`), never with isinstance: a subclass could carry
    behaviour (a clever __eq__) that the receiving side would otherwise inherit.
    """
    budget = [limits.max_nodes]
    return _encode(value, arrays, allow_callbacks, limits, 0, str, budget)


def _encode(value, arrays, allow_callbacks, limits, depth, where, budget):
    """`where` is a callable giving the path of `value` (built only for an error message)."""
    budget[0] -= 1
    if budget[0] < 0:
        raise Unencodable("value", where(), f"more than {limits.max_nodes} values")
    kind = type(value)
    if value is None or kind is bool or kind is int:
        if kind is int and value.bit_length() > 4096:
            raise Unencodable("int", where(), "an integer with more than 4096 bits")
        return value
    if kind is float:
        return value
    if kind is str:
        if len(value) > limits.max_str:
            raise Unencodable("str", where(), f"a string longer than {limits.max_str} characters")
        return value
    if kind is np.ndarray or isinstance(value, np.generic):
        return {"array": _add_array(value, arrays, where)}
    if kind in (tuple, list, dict):
        if depth >= limits.max_depth:
            raise Unencodable(kind.__name__, where(), f"nested more than {limits.max_depth} levels deep")
        if len(value) > budget[0]:
            raise Unencodable(kind.__name__, where(), f"more than {limits.max_nodes} values")
        if kind is dict:
            items = {}
            for key, item in value.items():
                if type(key) is not str:
                    raise Unencodable(type(key).__name__, where(), "dict keys must be strings")
                if len(key) > limits.max_str:
                    raise Unencodable("str", where(), "a dict key that is too long")
                items[key] = _encode(item, arrays, allow_callbacks, limits, depth + 1,
                                     lambda key=key: f"{where()}[{key!r}]", budget)
            return {"dict": items}
        return {kind.__name__: [_encode(item, arrays, allow_callbacks, limits, depth + 1,
                                        lambda i=i: f"{where()}[{i}]", budget)
                                for i, item in enumerate(value)]}
    if allow_callbacks and _is_callback(value):
        params = _encode(dict(value.params), arrays, False, limits, depth + 1, where, budget)
        return {"callback": {"problem": value.problem, "method": value.method, "params": params}}
    if _is_sympy(value):
        from jackit.symbolic import to_tree  # lazily: only when a sympy value appears

        try:
            return {"sympy": to_tree(value)}
        except (ValueError, TypeError, RecursionError) as err:
            raise Unencodable(kind.__name__, where(), str(err)) from None
    raise Unencodable(kind.__name__, where())


def _add_array(value, arrays: list, where: str) -> int:
    array = np.asarray(value) if isinstance(value, np.generic) else value
    dtype = array.dtype
    if dtype.kind not in ARRAY_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise Unencodable("array", where(), f"its dtype is {str(dtype)[:40]}; only float, integer and boolean "
                                            f"arrays can be graded")
    arrays.append(array)
    return len(arrays) - 1


def _is_callback(value) -> bool:
    problems = sys.modules.get("jackit.problems")
    return problems is not None and type(value) is problems.Callback


def _is_sympy(value) -> bool:
    sympy = sys.modules.get("sympy")
    return sympy is not None and isinstance(value, (sympy.Basic, sympy.MatrixBase))


def decode_value(tree: Any, payloads: tuple[memoryview, ...], *, allow_callbacks: bool = False,
                 limits: WireLimits = DEFAULT_LIMITS) -> Any:
    """Rebuild a value from a tagged tree, checking every node; raises WireError.

    On the grader's side `allow_callbacks` is False: a worker cannot send a callable back.
    """
    used: set[int] = set()
    budget = [limits.max_nodes]
    value = _decode(tree, payloads, used, allow_callbacks, limits, 0, budget)
    if len(used) != len(payloads):
        raise WireError(f"{len(payloads) - len(used)} array payloads are not referenced")
    return value


def _decode(node, payloads, used, allow_callbacks, limits, depth, budget):
    budget[0] -= 1
    if budget[0] < 0:
        raise WireError(f"more than {limits.max_nodes} values")
    kind = type(node)
    if node is None or kind is bool or kind is int or kind is float:
        return node
    if kind is str:
        return _checked_str(node, limits)
    if kind is not dict or len(node) != 1:
        raise WireError(f"an untagged {kind.__name__} in a value")
    (tag, body), = node.items()
    if tag in ("tuple", "list", "dict") and depth >= limits.max_depth:
        raise WireError(f"values nested more than {limits.max_depth} levels deep")
    if tag in ("tuple", "list"):
        if type(body) is not list:
            raise WireError(f"a {tag} whose body is not a list")
        items = [_decode(item, payloads, used, allow_callbacks, limits, depth + 1, budget) for item in body]
        return tuple(items) if tag == "tuple" else items
    if tag == "dict":
        if type(body) is not dict:
            raise WireError("a dict whose body is not an object")
        return {_checked_str(key, limits): _decode(item, payloads, used, allow_callbacks, limits, depth + 1, budget)
                for key, item in body.items()}
    if tag == "array":
        if type(body) is not int or not 0 <= body < len(payloads) or body in used:
            raise WireError("an array reference to a missing or already used payload")
        used.add(body)
        return load_array(payloads[body], limits)
    if tag == "sympy":
        return _decode_sympy(body, limits)
    if tag == "callback" and allow_callbacks:
        return _decode_callback(body, payloads, used, limits, depth, budget)
    raise WireError(f"an unknown tag {tag[:20]!r}")


def _checked_str(text: str, limits: WireLimits) -> str:
    if len(text) > limits.max_str:
        raise WireError(f"a string longer than {limits.max_str} characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise WireError("a string with unpaired surrogates") from None
    return text


def load_array(payload: memoryview, limits: WireLimits = DEFAULT_LIMITS) -> np.ndarray:
    """One .npy payload as a fresh, native-endian, writable ndarray; raises WireError."""
    shape, fortran, dtype, offset = _npy_header(payload, limits)
    if dtype.kind not in ARRAY_KINDS or dtype.fields is not None or dtype.subdtype is not None or dtype.hasobject:
        raise WireError(f"an array of dtype {str(dtype)[:40]}: only floats, integers and booleans may cross")
    if type(shape) is not tuple or len(shape) > MAX_NDIM or any(type(n) is not int or n < 0 for n in shape):
        raise WireError("an array with an invalid shape")
    count = math.prod(shape)
    if len(payload) - offset != count * dtype.itemsize:
        raise WireError("an array whose data does not match its shape")
    flat = np.frombuffer(payload, dtype=dtype, count=count, offset=offset)
    array = flat.reshape(shape, order="F" if fortran else "C")
    return array.astype(dtype.newbyteorder("="), order="K", copy=True)


_HEADERS: dict[bytes, tuple] = {}
"""Parsed .npy headers by their exact bytes: a grading session sends the same few shapes again and
again, and numpy's header parser (a literal_eval) costs more than the rest of a small array."""


def _npy_header(payload: memoryview, limits: WireLimits) -> tuple:
    """(shape, fortran_order, dtype, data offset), parsed by numpy.lib.format's header functions."""
    prefix = bytes(payload[:12])
    if len(prefix) < 10 or prefix[:6] != b"\x93NUMPY":
        raise WireError("an array payload that is not in .npy format")
    version = (prefix[6], prefix[7])
    if version == (1, 0):
        end = 10 + int.from_bytes(prefix[8:10], "little")
    elif version == (2, 0) and len(prefix) == 12:
        end = 12 + int.from_bytes(prefix[8:12], "little")
    else:
        raise WireError(f".npy version {version} is not accepted")
    if end > len(payload) or end > limits.max_npy_header + 12:
        raise WireError("a bad .npy header (too long)")
    key = bytes(payload[:end])
    parsed = _HEADERS.get(key)
    if parsed is None:
        stream = io.BytesIO(key)
        fmt = np.lib.format
        try:
            fmt.read_magic(stream)
            read_header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
            shape, fortran, dtype = read_header(stream, max_header_size=limits.max_npy_header)
        except Exception as err:  # numpy raises ValueError, SyntaxError, ...: all mean a bad header
            raise WireError(f"a bad .npy header ({type(err).__name__})") from None
        if stream.tell() != end:
            raise WireError("a bad .npy header (length)")
        parsed = (shape, fortran, dtype, end)
        if len(_HEADERS) >= 512:
            _HEADERS.clear()
        _HEADERS[key] = parsed
    return parsed


def _decode_sympy(body, limits: WireLimits):
    _check_plain_json(body, limits)
    from jackit.symbolic import from_tree  # lazily: only when a sympy value appears

    try:
        return from_tree(body)
    except (ValueError, TypeError, KeyError, RecursionError, OverflowError) as err:
        raise WireError(f"a sympy value that cannot be rebuilt: {str(err)[:200]}") from None


def _check_plain_json(tree, limits: WireLimits) -> None:
    """A sympy tree holds only lists, strings, numbers, booleans and null; bounded before from_tree."""
    stack, count = [(tree, 0)], 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > limits.max_nodes or depth > 200:
            raise WireError("a sympy value that is too large")
        if type(node) is list:
            stack.extend((item, depth + 1) for item in node)
        elif type(node) is str:
            _checked_str(node, limits)
        elif not (node is None or type(node) in (bool, int, float)):
            raise WireError("a sympy value holding something other than lists, strings and numbers")


def _decode_callback(body, payloads, used, limits, depth, budget):
    from jackit.problems import Callback

    if type(body) is not dict or set(body) != {"problem", "method", "params"}:
        raise WireError("a malformed callback")
    problem, method = body["problem"], body["method"]
    if type(problem) is not str or type(method) is not str:
        raise WireError("a malformed callback")
    params = _decode(body["params"], payloads, used, False, limits, depth + 1, budget)
    if type(params) is not dict:
        raise WireError("callback parameters must be a dict")
    return Callback(problem=problem, method=method, params=params)


__all__ = ["DEFAULT_LIMITS", "Frame", "FrameReader", "Unencodable", "WireError", "WireLimits", "decode_value",
           "encode_frame", "encode_value", "load_array", "parse_header", "read_frame"]
