"""The untrusted side: a child forked from the zygote, confined, then serving import and call requests.

`run` is entered as root in the freshly forked child. It confines the process (new session, only its
three file descriptors, a private read-only filesystem view with an empty /tmp, resource limits, a
non-root uid without capabilities, a scrubbed environment), says ready, and only then touches
student code. From that moment everything in this process is untrusted, this module included: the
grader treats every reply as a claim to validate, never as a fact.

Error replies are ``{"seq": n, "ok": false, "error": {"kind": K, ...}}`` with optional fields
``type`` (exception class name), ``message``, ``file`` (a submission file's base name), ``line``,
``code`` (the sys.exit argument), ``what``/``where``/``why`` (an unencodable value), ``why`` (an
unusable module name). The grader rebuilds the student's message from these, checking each.
"""

from __future__ import annotations

import builtins
import faulthandler
import io
import keyword
import os
import signal
import socket
import sys
import types
from pathlib import Path

from jackit.engine import confine
from jackit.engine.wire import (DEFAULT_LIMITS, Unencodable, WireError, WireLimits, decode_value, encode_frame,
                                encode_value, read_frame)

SOCK_FD = 3
SUBMISSION_VIEW = "/tmp/submission"
"""Where a locked-down worker sees its submission copy (read-only), inside its private /tmp."""
WORK_VIEW = "/tmp/work"
"""A locked-down worker's working folder (its own, writable; the rest of /tmp is writable too)."""
CONFINE_FAILED = 86
"""Exit status of a worker that could not be confined (seen only before it said ready)."""
LOST_CONNECTION = 87
"""Exit status of a worker whose socket broke (student code closed or garbled it)."""


def run(config: dict, sock_fd: int, out_fd: int) -> None:
    """The forked child's whole life; never returns."""
    try:
        sock, submission = _confine(config, sock_fd, out_fd)
    except BaseException as err:  # noqa: BLE001 - anything here is the sandbox's failure, not the student's
        try:
            os.write(2, f"jackit worker: confinement failed: {type(err).__name__}: {err}\n".encode("utf-8", "replace"))
        finally:
            os._exit(CONFINE_FAILED)
    status = LOST_CONNECTION
    try:
        Worker(sock, Path(submission), WireLimits(max_frame=config["max_frame"])).serve()
        status = 0  # the grader hung up
    finally:
        os._exit(status)


def _confine(config: dict, sock_fd: int, out_fd: int) -> tuple[socket.socket, str]:
    """Every confinement step, in order; returns the socket and where the submission is now seen."""
    os.setsid()
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE, signal.SIGXFSZ):
        signal.signal(sig, signal.SIG_IGN if sig in (signal.SIGPIPE, signal.SIGXFSZ) else signal.SIG_DFL)
    _arrange_fds(sock_fd, out_fd)
    uid = config["uid"]
    submission = config["submission"]
    if config["lockdown"]:
        confine.lock_down_filesystem(submission=submission, view=SUBMISSION_VIEW, tmp_bytes=config["tmp_bytes"],
                                     uid=uid, masked=tuple(config["masked"]), hidden=tuple(config["hidden"]),
                                     keep_visible=tuple(config["keep"]))
        submission = SUBMISSION_VIEW
        os.mkdir(WORK_VIEW, 0o700)
        os.chown(WORK_VIEW, uid, uid)
    limits = config["limits"]
    confine.set_limits(memory_bytes=limits["memory_mb"] * 2**20, cpu_seconds=limits["cpu_seconds"],
                       processes=limits["processes"], file_bytes=limits["file_mb"] * 2**20)
    confine.become(uid)
    confine.prctl(confine.PR_SET_PDEATHSIG, signal.SIGKILL)  # after the uid switch, which clears it
    if os.getppid() != config["zygote_pid"]:
        raise OSError("the zygote is gone")
    os.environ.clear()
    os.environ.update(config["env"])
    os.chdir(config["workdir"])
    _prepare_interpreter(submission)
    return socket.socket(fileno=SOCK_FD), submission


def _arrange_fds(sock_fd: int, out_fd: int) -> None:
    """fd 0 = /dev/null, 1 and 2 = the grader's output pipe, 3 = the socket; nothing else stays open."""
    sock_copy, out_copy = os.dup(sock_fd), os.dup(out_fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out_copy, 1)
    os.dup2(out_copy, 2)
    os.dup2(sock_copy, SOCK_FD)
    os.closerange(SOCK_FD + 1, os.sysconf("SC_OPEN_MAX"))


def _prepare_interpreter(submission: str) -> None:
    # The submission's folder goes last: its numpy.py cannot shadow numpy, its modules still see each other.
    sys.path[:] = [p for p in sys.path if p and os.path.isabs(p)] + [submission]
    sys.dont_write_bytecode = True
    sys.argv = [""]
    sys.stdin = open(0, encoding="utf-8", closefd=False)
    sys.stdout = _text_stream(1)
    sys.stderr = _text_stream(2)
    sys.__stdout__, sys.__stderr__, sys.__stdin__ = sys.stdout, sys.stderr, sys.stdin
    faulthandler.enable(file=sys.stderr, all_threads=True)  # a segfault leaves a traceback in the output


def _text_stream(fd: int) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                            line_buffering=True)


class Worker:
    """Serves {"op": "import"} and {"op": "call"} requests, one at a time, until the grader hangs up."""

    def __init__(self, sock: socket.socket, submission: Path, limits: WireLimits = DEFAULT_LIMITS):
        self.sock, self.submission, self.limits = sock, submission, limits
        self.modules: dict[str, types.ModuleType] = {}

    def serve(self) -> None:
        self._send({"seq": 0, "ok": True, "ready": True, "pid": os.getpid()})
        while True:
            try:
                frame = read_frame(self.sock, self.limits)
            except EOFError:
                return
            header = frame.header
            reply, arrays = self._answer(header, frame.payloads)
            _flush_output()
            self._send({"seq": header.get("seq"), **reply}, arrays)

    def _answer(self, header: dict, payloads) -> tuple[dict, list]:
        op = header.get("op")
        if op == "import":
            return self._import(header.get("module")), []
        if op == "call":
            return self._call(header, payloads)
        return {"ok": False, "error": {"kind": "crash", "why": "unknown request"}}, []

    def _send(self, header: dict, arrays: list = ()) -> None:
        _restore_builtins()
        try:
            data = encode_frame(header, list(arrays), self.limits)
        except WireError as err:
            data = encode_frame({"seq": header.get("seq"), "ok": False,
                                 "error": {"kind": "bad_value", "what": "value", "why": str(err)}})
        self.sock.sendall(data)

    # --- import ------------------------------------------------------------------------------

    def _import(self, name) -> dict:
        if name in self.modules:
            return {"ok": True}
        if type(name) is not str or not name.isidentifier() or keyword.iskeyword(name):
            return _error("missing")
        path = self.submission / f"{name}.py"
        existing = sys.modules.get(name)
        if existing is not None:
            if _same_file(getattr(existing, "__file__", None), path):  # imported by another student module
                self.modules[name] = existing
                return {"ok": True}
            return _error("import", why="taken")
        try:
            source = path.read_bytes()
        except OSError:
            return _error("missing")
        try:
            code = compile(source, str(path), "exec", dont_inherit=True)
        except SyntaxError as err:
            return _error("syntax", type=type(err).__name__, message=err.msg, file=path.name, line=err.lineno)
        except (ValueError, MemoryError, RecursionError) as err:  # null bytes (3.11), absurd nesting
            return _error("syntax", type=type(err).__name__, message=_message(err), file=path.name)
        module = types.ModuleType(name)
        module.__file__ = str(path)
        sys.modules[name] = module
        try:
            try:
                exec(code, module.__dict__)
            finally:
                _restore_builtins()
        except BaseException as exc:  # noqa: BLE001 - student code may raise anything, SystemExit included
            sys.modules.pop(name, None)
            return self._failure(exc, "import")
        self.modules[name] = module
        return {"ok": True}

    # --- call --------------------------------------------------------------------------------

    def _call(self, header: dict, payloads) -> tuple[dict, list]:
        module = self.modules.get(header.get("module"))
        if module is None:
            return _error("crash", why="call before import"), []
        try:  # "args" holds the pair (args, kwargs), so that both share the frame's arrays
            args, kwargs = _resolve(decode_value(header.get("args"), payloads, allow_callbacks=True,
                                                 limits=self.limits))
        except Exception as err:  # noqa: BLE001 - a malformed request is the grader's bug; fail closed
            return _error("crash", why=f"bad request: {err}"), []
        if type(args) is not tuple or type(kwargs) is not dict:
            return _error("crash", why="bad request"), []
        function = header.get("function")
        try:
            try:
                target = getattr(module, function, _MISSING) if type(function) is str else _MISSING
            finally:
                _restore_builtins()
        except BaseException as exc:  # noqa: BLE001 - a module __getattr__ is student code
            return self._failure(exc, "exception"), []
        if target is _MISSING:
            return _error("missing"), []
        if not callable(target):
            return _error("missing", type=type(target).__name__), []
        try:
            try:
                value = target(*args, **kwargs)
            finally:
                _restore_builtins()
        except BaseException as exc:  # noqa: BLE001
            return self._failure(exc, "exception"), []
        return self._encode(value)

    def _encode(self, value) -> tuple[dict, list]:
        arrays: list = []
        try:
            tree = encode_value(value, arrays, limits=self.limits)
        except Unencodable as err:
            return _error("bad_value", what=err.what, where=err.where, why=err.why), []
        except MemoryError:
            return _error("memory"), []
        except BaseException as exc:  # noqa: BLE001 - a student object misbehaved while being looked at
            return _error("bad_value", what=type(value).__name__, why=f"{type(exc).__name__} while encoding"), []
        return {"ok": True, "value": tree}, arrays

    def _failure(self, exc: BaseException, kind: str) -> dict:
        """An exception from student code as an error reply (the traceback is dropped at once)."""
        if isinstance(exc, SystemExit):
            code = exc.code
            return _error("exit", code=code if code is None or type(code) in (int, str) else type(code).__name__)
        if isinstance(exc, MemoryError):
            return _error("memory")
        file, line = self._where(exc)
        return _error(kind, type=type(exc).__name__, message=_message(exc), file=file, line=line)

    def _where(self, exc: BaseException) -> tuple[str | None, int | None]:
        """The innermost frame of the traceback that is in a submission file."""
        file = line = None
        tb = exc.__traceback__
        folder = str(self.submission) + os.sep
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if isinstance(filename, str) and filename.startswith(folder):
                file, line = os.path.basename(filename), tb.tb_lineno
            tb = tb.tb_next
        return file, line


_MISSING = object()
_BUILTINS = builtins.__dict__
_PRISTINE = dict(_BUILTINS)  # taken when this module is imported, in the zygote
_tuple = tuple


def _restore_builtins() -> None:
    """Undo what student code did to the builtins module (`builtins.len = ...`), so that this
    module's own work on the reply, and the student's other functions, see the real ones.
    Uses only names bound in this module, never a builtin looked up at call time."""
    for key in _tuple(_BUILTINS):
        if key not in _PRISTINE:
            del _BUILTINS[key]
    for key, value in _PRISTINE.items():
        if _BUILTINS.get(key, _MISSING) is not value:
            _BUILTINS[key] = value


def _error(kind: str, **fields) -> dict:
    return {"ok": False, "error": {"kind": kind, **{k: v for k, v in fields.items() if v is not None}}}


def _message(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:  # noqa: BLE001 - a student __str__ may raise anything
        return ""
    return text[:500] if type(text) is str else ""


def _same_file(filename, path: Path) -> bool:
    try:
        return isinstance(filename, str) and os.path.samefile(filename, path)
    except OSError:
        return False


def _resolve(value):
    """Callbacks named by the grader become the catalogue's bound methods, in this process."""
    from jackit.problems import Callback

    kind = type(value)
    if kind is Callback:
        return value.resolve()
    if kind is tuple or kind is list:
        return kind(_resolve(item) for item in value)
    if kind is dict:
        return {key: _resolve(item) for key, item in value.items()}
    return value


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - the student may have replaced the streams
            pass


__all__ = ["CONFINE_FAILED", "Worker", "run"]
