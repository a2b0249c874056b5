"""The grader's handle on the sandbox: `Sandbox` (one zygote, one slot) and `Session` (one submission).

    sandbox = Sandbox(limits, slot=0)                # starts the zygote once (numpy, sympy imported)
    with sandbox.session(Path("submissions/ada")) as s:
        value = s.call("polar_jacobian", "polar_jacobian", args=(r, theta))
        s.output                                     # what that call printed (bounded)
    sandbox.close()

A session copies the submission's regular *.py files (never a link) into the slot's scratch folder,
which the worker sees read-only. The worker is forked on the first call and again, transparently,
after a crash, a timeout or an exit. A module whose import failed is remembered for the session:
later calls into it fail at once with the same reason. At the end of a session every process of the
slot's uid is killed and the copy is removed, before the next session can start.

One Session at a time per Sandbox, one Sandbox per slot on the machine (a lock file enforces it);
grade in parallel with one Sandbox per process and distinct slots.
"""

from __future__ import annotations

import errno
import fcntl
import keyword
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
import weakref
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterator

from jackit.engine import confine, control, levels
from jackit.engine.channel import Deadline, OutputFlood, ProtocolViolation, WorkerChannel, WorkerGone
from jackit.engine.errors import SandboxError, StudentError, one_line, safe_name
from jackit.engine.worker import LOST_CONNECTION, WORK_VIEW
from jackit.engine.wire import Unencodable, WireError, WireLimits, decode_value, encode_frame, encode_value

UID_BASE = 65000
"""Slot n runs student code as uid/gid 65000 + n: Debian reserves 65000-65533, so no account or
daemon owns them, and 'kill every process of this uid' cannot hit anything else."""
MAX_SLOTS = 500
MAX_FILES = 256
MAX_FILE_BYTES = 1 << 20
HEADROOM_BYTES = 64 << 20
"""Address space a worker needs beyond what the pre-imported zygote already maps."""
START_SECONDS = 60.0
CONTROL_SECONDS = 30.0
SIGNAL_NAMES = {int(s): s.name for s in signal.Signals}


class Sandbox:
    """A pre-imported zygote in the strongest isolation available (or the one asked for)."""

    def __init__(self, limits, *, slot: int | None = 0, isolation: str = "auto", hidden: tuple = (),
                 max_frame_mb: int = 256):
        self.limits = limits
        self.level = levels.sandbox_level(isolation)
        self.wire_limits = WireLimits(max_frame=max_frame_mb * 2**20)
        self.hidden = tuple(Path(p).resolve() for p in hidden)
        self._session: Session | None = None
        self._lock_fd, self.slot = _lock_slot(slot)
        self.uid = UID_BASE + self.slot
        self._scratch = Path(tempfile.mkdtemp(prefix=f"jackit-slot{self.slot}-"))
        self._scratch.chmod(0o711)  # the worker may enter, not list: session folders have random names
        self._zygote: _Zygote | None = None
        self._finalizer = weakref.finalize(self, _cleanup, [None], self._scratch, self._lock_fd)
        try:
            paths = levels.interpreter_paths()
            if self.level == "bubblewrap":
                levels.check_hidden(self.hidden, paths)
            self.warning = self._warning(paths)
            self._zygote = _Zygote(self.level, self._scratch, paths)
            self._finalizer.detach()
            self._finalizer = weakref.finalize(self, _cleanup, [self._zygote], self._scratch, self._lock_fd)
            self._check_memory(limits)
            self._zygote.stop(self.uid, None, 0.0)  # leftovers of a grader that died on this slot
        except BaseException:
            self.close()
            raise

    def _warning(self, paths: list[Path]) -> str | None:
        warning = levels.level_warning(self.level)
        blocked = levels.unreadable_paths(paths, with_ancestors=self.level != "bubblewrap")
        if blocked:
            note = (f"{blocked[0]} is not readable by the worker's uid: student code can import only "
                    f"the modules the zygote pre-imported")
            warning = f"{warning}; {note}" if warning else f"sandbox level '{self.level}': {note}"
        return warning

    def _check_memory(self, limits) -> None:
        needed = self._zygote.vm_bytes + HEADROOM_BYTES
        if limits.memory_mb * 2**20 < needed:
            raise SandboxError(f"limits.memory_mb = {limits.memory_mb} is too small: the pre-imported interpreter "
                               f"already maps {self._zygote.vm_bytes >> 20} MB; give at least {-(-needed >> 20)}")

    @contextmanager
    def session(self, submission_dir: Path | str, *, limits=None) -> Iterator["Session"]:
        """One submission: its files copied, a worker forked on demand, everything killed at the end."""
        if self._zygote is None:
            raise SandboxError("this sandbox is closed")
        if self._session is not None:
            raise SandboxError("one session at a time per sandbox")
        folder = self._scratch / secrets.token_hex(8)
        folder.mkdir(mode=0o755)
        folder.chmod(0o755)
        try:
            files, refused = copy_submission(Path(submission_dir), folder)
            self._session = Session(self, folder, files, refused, limits or self.limits)
            yield self._session
        finally:
            session, self._session = self._session, None
            try:
                if session is not None:
                    session._end()
            finally:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Stop the zygote and every worker, remove the scratch folder, free the slot. Idempotent."""
        if self._session is not None:
            self._session._end()
            self._session = None
        self._finalizer()
        self._zygote = None

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Sandbox slot={self.slot} level={self.level}>"

    # used by Session
    def _view(self, host_path: Path) -> str:
        """A host path of the scratch folder as the worker sees it."""
        if self.level == "bubblewrap":
            return str(Path(levels.SANDBOX_ROOT) / host_path.relative_to(self._scratch))
        return str(host_path)


class Session:
    """Calls into one submission. Not thread-safe; one call at a time."""

    def __init__(self, sandbox: Sandbox, folder: Path, files: set[str], refused: dict[str, str], limits):
        self.sandbox, self.folder, self.files, self.refused, self.limits = sandbox, folder, files, refused, limits
        self.output = ""
        """What the last call printed (stdout and stderr, at most limits.output_kb)."""
        self._worker: _Worker | None = None
        self._broken: dict[str, StudentError] = {}
        self._seq = 0

    def call(self, module: str, function: str, args: tuple = (), kwargs: dict | None = None,
             timeout: float | None = None) -> Any:
        """Run module.function(*args, **kwargs) in the worker; the decoded value, or StudentError."""
        timeout = self.limits.call_seconds if timeout is None else timeout
        self.output = ""
        self._check_module(module)
        if type(function) is not str or not function.isidentifier():
            raise StudentError("missing", f"{module}.py defines no function {one_line(str(function), 60)}")
        try:
            arrays: list = []
            tree = encode_value((tuple(args), dict(kwargs or {})), arrays, allow_callbacks=True,
                                limits=self.sandbox.wire_limits)
        except Unencodable as err:
            raise TypeError(f"cannot send {err} to student code") from None
        worker = self._worker or self._start_worker()
        deadline = time.monotonic() + timeout
        subject = f"{function}()"
        if module not in worker.imported:
            try:
                self._request(worker, {"op": "import", "module": module}, [], deadline,
                              _Context(module, function, f"{module}.py", timeout, importing=True))
            except StudentError as err:
                self._broken[module] = err
                raise
            worker.imported.add(module)
        reply = self._request(worker, {"op": "call", "module": module, "function": function, "args": tree}, arrays,
                              deadline, _Context(module, function, subject, timeout, importing=False))
        return reply

    def _check_module(self, module: str) -> None:
        if module in self._broken:
            err = self._broken[module]
            raise StudentError(err.kind, err.reason)
        if module in self.refused:
            raise StudentError("missing", self.refused[module])
        if type(module) is not str or module not in self.files:
            raise StudentError("missing", f"the submission has no {one_line(str(module), 60)}.py")

    def _request(self, worker: "_Worker", header: dict, arrays: list, deadline: float, ctx: "_Context"):
        self._seq += 1
        frame_bytes = encode_frame({"seq": self._seq, **header}, arrays, self.sandbox.wire_limits)
        failure = None
        try:
            frame = worker.channel.exchange(frame_bytes, self._seq, deadline)
        except Deadline:
            failure = StudentError("timeout", f"{ctx.doing} did not {'finish' if ctx.importing else 'return'} "
                                   f"within {ctx.timeout:g} s")
            self._stop_worker(0.0)
        except OutputFlood:
            failure = StudentError("output", f"{ctx.subject} printed more than {self.limits.output_kb} KB of output")
            self._stop_worker(0.0)
        except ProtocolViolation as err:
            failure = StudentError("crash", f"the worker's reply broke the protocol during {ctx.subject} ({err})")
            self._stop_worker(0.0)
        except WorkerGone:
            ended, status = self._stop_worker(1.0)
            failure = _death(ended, status, ctx, self.limits)
        if failure is not None:
            self.output += worker.final_output
            failure.output = self.output
            raise failure
        self.output += worker.channel.take_output()
        reply = frame.header
        if reply.get("ok") is not True:
            raise _reported(reply.get("error"), ctx, self)
        if ctx.importing:
            return None
        try:
            return decode_value(reply.get("value"), frame.payloads, limits=self.sandbox.wire_limits)
        except WireError as err:
            raise StudentError("bad_value", f"{ctx.subject} returned a value that cannot be graded ({err})",
                               output=self.output) from None

    def _start_worker(self) -> "_Worker":
        box = self.sandbox
        workdir = WORK_VIEW
        if box.level == "rlimits":  # no private /tmp: a host folder of the slot's uid, removed with the session
            host_workdir = self.folder.parent / f"{self.folder.name}-work"
            if not host_workdir.exists():
                host_workdir.mkdir(mode=0o700)
                os.chown(host_workdir, box.uid, box.uid)
            workdir = str(host_workdir)
        env = {**levels.launch_environment(), "HOME": workdir, "TMPDIR": "/tmp" if box.level != "rlimits" else workdir}
        config = {
            "uid": box.uid, "submission": box._view(self.folder), "workdir": workdir, "env": env,
            "lockdown": box.level != "rlimits", "tmp_bytes": 2 * self.limits.file_mb * 2**20,
            "masked": list(confine.MASKED_DIRS) if box.level == "namespaces" else [],
            "hidden": [str(p) for p in box.hidden] if box.level == "namespaces" else [],
            "limits": _limits_dict(self.limits), "max_frame": box.wire_limits.max_frame,
        }
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        out_read, out_write = os.pipe()
        try:
            reply = box._zygote.request({"op": "spawn", "config": config}, [theirs.fileno(), out_write])
        except BaseException:
            ours.close()
            os.close(out_read)
            raise
        finally:
            theirs.close()
            os.close(out_write)
        channel = WorkerChannel(ours, out_read, output_limit=self.limits.output_kb * 1024, limits=box.wire_limits)
        worker = _Worker(channel, int(reply["pid"]))
        self._worker = worker
        try:
            frame = channel.exchange(b"", 0, time.monotonic() + START_SECONDS)
            if frame.header.get("ready") is not True:
                raise ProtocolViolation("no ready message")
        except (Deadline, WorkerGone, ProtocolViolation, OutputFlood) as err:
            said = one_line(channel.take_output(), 300)
            self._stop_worker(1.0)
            raise SandboxError(f"a worker failed to start ({type(err).__name__}): {said}") from None
        channel.take_output()  # nothing printed before the worker was ready is the student's
        return worker

    def _stop_worker(self, grace: float) -> tuple[str, dict | None]:
        worker, self._worker = self._worker, None
        if worker is None:
            return "absent", None
        try:
            worker.final_output = worker.channel.take_output()
        except OutputFlood:
            worker.final_output = worker.channel._output.decode("utf-8", "replace")
        worker.channel.close()
        reply = self.sandbox._zygote.stop(self.sandbox.uid, worker.pid, grace)
        return reply.get("ended", "absent"), reply.get("status")

    def _end(self) -> None:
        self._stop_worker(0.0)
        if self.sandbox._zygote is not None:
            self.sandbox._zygote.stop(self.sandbox.uid, None, 0.0)
        work = self.folder.parent / f"{self.folder.name}-work"
        shutil.rmtree(work, ignore_errors=True)


class _Worker:
    """The grader's record of one live worker."""

    def __init__(self, channel: WorkerChannel, pid: int):
        self.channel, self.pid = channel, pid
        self.imported: set[str] = set()
        self.final_output = ""
        """What it printed before it was stopped."""


class _Context:
    """What a request was about, for the student's message."""

    def __init__(self, module: str, function: str, subject: str, timeout: float, *, importing: bool):
        self.module, self.function, self.subject, self.timeout, self.importing = (
            module, function, subject, timeout, importing)

    @property
    def doing(self) -> str:
        return f"importing {self.module}.py" if self.importing else self.subject

    @property
    def during(self) -> str:
        return f"while importing {self.module}.py" if self.importing else f"while running {self.subject}"


# --- turning what happened into one line for the student ----------------------------------------


def _death(ended: str, status: dict | None, ctx: _Context, limits) -> StudentError:
    """The worker hung up: say how it ended, from the zygote's waitpid status (not the worker's word)."""
    if ended == "killed" or not status:
        return StudentError("crash", f"the worker stopped answering {ctx.during}")
    if status.get("exited") == LOST_CONNECTION:
        return StudentError("crash", f"the worker lost its connection to the grader {ctx.during}")
    if "exited" in status:
        return StudentError("exit", f"the worker exited (os._exit({status['exited']})) {ctx.during}")
    number = status.get("signaled")
    name = SIGNAL_NAMES.get(number, f"signal {number}")
    if number == signal.SIGXCPU:
        return StudentError("timeout", f"{ctx.doing} used more than {limits.cpu_seconds} s of CPU time")
    if number == signal.SIGKILL:
        return StudentError("crash", f"the worker was killed (SIGKILL) {ctx.during}: "
                                     f"it may have run out of memory or CPU time")
    return StudentError("crash", f"the worker crashed ({name}) {ctx.during}")


def _reported(error, ctx: _Context, session: Session) -> StudentError:
    """An error reply: every field is the worker's claim, so each is checked and bounded."""
    output = session.output
    if type(error) is not dict:
        return StudentError("crash", f"the worker sent a malformed error during {ctx.subject}", output=output)
    kind = error.get("kind")
    kind_type = safe_name(error.get("type"), "Exception")
    message = one_line(error.get("message"), 200)
    file = error.get("file")
    file = file if isinstance(file, str) and file.endswith(".py") and file[:-3] in session.files else None
    line = error.get("line") if type(error.get("line")) is int and 0 < error.get("line") < 10**7 else None
    where = f" ({file}, line {line})" if file and line else ""
    described = f"{kind_type}: {message}" if message else kind_type
    module_file = f"{ctx.module}.py"
    if kind == "syntax":
        at = f"{file or module_file}" + (f" line {line}" if line else "")
        reason = f"{at}: {described}"
    elif kind == "import" and error.get("why") == "taken":
        reason = f"{module_file} has the name of a library module the grader needs; rename it"
    elif kind == "import" or (kind == "exception" and ctx.importing):
        kind, reason = "import", f"importing {module_file} raised {described}{where}"
    elif kind == "missing" and ctx.importing:
        reason = f"the submission has no {module_file}"
    elif kind == "missing":
        found = error.get("type")
        reason = (f"{ctx.module}.{ctx.function} is {_a(safe_name(found))}, not a function" if found
                  else f"{module_file} defines no function {ctx.function}")
    elif kind == "exception":
        reason = f"{ctx.subject} raised {described}{where}"
    elif kind == "exit":
        code = error.get("code")
        code = code if code is None or type(code) is int else one_line(str(code), 60)
        reason = (f"{module_file} called sys.exit({code!r}) while being imported" if ctx.importing
                  else f"{ctx.subject} called sys.exit({code!r})")
    elif kind == "memory":
        reason = f"{ctx.doing} ran out of memory (limit {session.limits.memory_mb} MB)"
    elif kind == "bad_value" and not ctx.importing:
        what = safe_name(error.get("what"), "value")
        at = one_line(error.get("where"), 60)
        at = f" (at {at})" if at else ""
        why = one_line(error.get("why"), 200)
        reason = (f"{ctx.subject} returned {_a(what)}{at}: {why}" if why
                  else f"{ctx.subject} returned {_a(what)}{at}, expected arrays or numbers")
    else:
        kind, reason = "crash", f"the worker rejected the request for {ctx.subject}"
    return StudentError(kind, reason, output=output)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


# --- files, slots, the zygote --------------------------------------------------------------------


def copy_submission(source: Path, target: Path) -> tuple[set[str], dict[str, str]]:
    """Copy the regular *.py files of `source` into `target` (read-only for the worker).

    Links, devices, FIFOs and oversized files are refused, each with a reason for the student; a
    file is opened with O_NOFOLLOW and checked with fstat, so a link swapped in mid-copy is refused too.
    Returns (module names copied, {module name: reason refused}).
    """
    files, refused = set(), {}
    try:
        folder_fd = os.open(source, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as err:
        raise SandboxError(f"cannot read the submission folder {source}: {err.strerror}") from None
    try:
        names = sorted(n for n in os.listdir(folder_fd) if n.endswith(".py"))
        for name in names:
            module = name[:-3]
            if not module.isidentifier() or keyword.iskeyword(module):
                continue
            if len(files) >= MAX_FILES:
                refused[module] = f"the submission has more than {MAX_FILES} Python files"
                continue
            reason = _copy_one(folder_fd, name, target / name)
            if reason:
                refused[module] = reason
            else:
                files.add(module)
    finally:
        os.close(folder_fd)
    return files, refused


def _copy_one(folder_fd: int, name: str, target: Path) -> str | None:
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder_fd)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return f"{name} is a symbolic link; submit the file itself"
        return f"{name} cannot be read ({err.strerror})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return f"{name} is not a regular file"
        if info.st_size > MAX_FILE_BYTES:
            return f"{name} is larger than {MAX_FILE_BYTES >> 20} MB"
        with os.fdopen(os.dup(fd), "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return f"{name} is larger than {MAX_FILE_BYTES >> 20} MB"
    finally:
        os.close(fd)
    out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with os.fdopen(out, "wb") as stream:
        stream.write(data)
    os.chmod(target, 0o644)
    return None


def _lock_slot(slot: int | None) -> tuple[int, int]:
    """Hold the machine-wide lock of a slot (the first free one when `slot` is None)."""
    candidates = range(MAX_SLOTS) if slot is None else [slot]
    if slot is not None and not (type(slot) is int and 0 <= slot < MAX_SLOTS):
        raise ValueError(f"slot must be an int in [0, {MAX_SLOTS}), not {slot!r}")
    for candidate in candidates:
        uid = UID_BASE + candidate
        try:
            owner = pwd.getpwuid(uid).pw_name
        except KeyError:
            owner = None
        if owner is not None:
            if slot is not None:
                raise SandboxError(f"slot {slot}: uid {uid} belongs to the account {owner!r}; use another slot")
            continue
        path = Path(tempfile.gettempdir()) / f"jackit-slot-{candidate}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return fd, candidate
    if slot is not None:
        raise SandboxError(f"slot {slot} is in use by another sandbox on this machine; give each parallel "
                           f"sandbox its own slot")
    raise SandboxError("every sandbox slot is in use")


class _Zygote:
    """The grader's end of the zygote process."""

    def __init__(self, level: str, scratch: Path, paths: list[Path]):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = ours
        self.log = open(scratch.parent / f"{scratch.name}.log", "w+b")  # the zygote's stderr, for diagnostics
        command = levels.zygote_command(level, scratch=scratch, control_fd=theirs.fileno(), paths=paths)
        self.process = subprocess.Popen(command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=self.log, cwd="/",
                                        env=levels.launch_environment(), start_new_session=True)
        theirs.close()
        try:
            hello = self._receive(START_SECONDS)
        except SandboxError:
            self.close()
            raise
        if hello.get("ready") is not True:
            self.close()
            raise SandboxError(f"the zygote did not start: {hello}")
        self.vm_bytes = int(hello.get("vm_bytes", 0))

    def request(self, message: dict, fds: list[int] = ()) -> dict:
        try:
            control.send(self.sock, message, fds)
        except OSError as err:
            raise SandboxError(f"the zygote is gone ({err}){self._log_tail()}") from None
        reply = self._receive(CONTROL_SECONDS)
        if reply.get("ok") is not True:
            raise SandboxError(f"the zygote failed: {reply.get('error')}")
        return reply

    def stop(self, uid: int, pid: int | None, grace: float) -> dict:
        return self.request({"op": "stop", "uid": uid, "pid": pid, "grace": grace})

    def _receive(self, seconds: float) -> dict:
        self.sock.settimeout(seconds)
        try:
            message, fds = control.recv(self.sock)
        except (OSError, control.ControlError) as err:
            raise SandboxError(f"the zygote is not answering ({err}){self._log_tail()}") from None
        for fd in fds:
            os.close(fd)
        return message

    def _log_tail(self) -> str:
        try:
            self.log.flush()
            self.log.seek(0)
            tail = self.log.read()[-2000:].decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""
        return f"; its log ends: {tail}" if tail else ""

    def close(self) -> None:
        self.sock.close()  # the zygote stops its workers and exits when this closes
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _cleanup(zygote_box: list, scratch: Path, lock_fd: int) -> None:
    zygote = zygote_box[0]
    try:
        if zygote is not None:
            zygote.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        try:
            os.unlink(scratch.parent / f"{scratch.name}.log")
        except OSError:
            pass
        os.close(lock_fd)


def _limits_dict(limits) -> dict:
    data = asdict(limits) if hasattr(limits, "__dataclass_fields__") else dict(vars(limits))
    return {"memory_mb": int(data["memory_mb"]), "cpu_seconds": max(1, int(data["cpu_seconds"])),
            "processes": int(data["processes"]), "file_mb": max(1, int(data["file_mb"]))}


__all__ = ["Sandbox", "Session", "UID_BASE", "copy_submission"]
