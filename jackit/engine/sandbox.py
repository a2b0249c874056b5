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

How the Limits apply: `call_seconds` is the wall clock of one call, the module's import included
(a timeout kills the worker); `cpu_seconds` is RLIMIT_CPU of one worker process, which lives for
the whole session unless restarted, so it bounds the CPU of all calls together; `memory_mb` is the
worker's address space, the pre-imported interpreter (~140 MB) included; `processes` counts every
process of the slot's uid; `file_mb` is the largest file, and the worker's private /tmp holds
2 x file_mb in all; `output_kb` bounds what one call may print (more ends the call).

One Session at a time per Sandbox, one Sandbox per slot on the machine (a lock file enforces it);
grade in parallel with one Sandbox per process and distinct slots. Not thread-safe.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import tempfile
import time
import weakref
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterator

from jackit.engine import confine, levels
from jackit.engine.channel import Deadline, OutputFlood, ProtocolViolation, WorkerChannel, WorkerGone
from jackit.engine.errors import SandboxError, StudentError, one_line
from jackit.engine.launcher import START_SECONDS, ZygoteProcess
from jackit.engine.reasons import Context, from_death, from_reply
from jackit.engine.slots import UID_BASE, lock_slot, remove_stale_scratch
from jackit.engine.submission import copy_submission
from jackit.engine.wire import Unencodable, WireError, WireLimits, decode_value, encode_frame, encode_value
from jackit.engine.worker import WORK_VIEW

HEADROOM_BYTES = 64 << 20
"""Address space a worker needs beyond what the pre-imported zygote already maps."""


class Sandbox:
    """A pre-imported zygote in the strongest isolation available (or the one asked for)."""

    def __init__(self, limits, *, slot: int | None = 0, isolation: str = "auto", hidden: tuple = (),
                 max_frame_mb: int = 256):
        """`limits`: a jackit.course.Limits (sessions may override it). `slot`: which of the machine's
        sandbox slots (uid 65000 + slot) to hold; None takes the first free one. `isolation`: "auto"
        (the strongest available) or a level of jackit.engine.LEVELS, refused if unavailable.
        `hidden`: paths the worker must never see (masked at level 'namespaces'; at level
        'bubblewrap' they must lie outside the view, else SandboxError). `max_frame_mb`: the largest
        reply a worker may send."""
        self.limits = limits
        self.level = levels.sandbox_level(isolation)
        self.wire_limits = WireLimits(max_frame=max_frame_mb * 2**20)
        self.hidden = tuple(Path(p).resolve() for p in hidden)
        self._session: Session | None = None
        self._lock_fd, self.slot = lock_slot(slot)
        self.uid = UID_BASE + self.slot
        remove_stale_scratch(self.slot)
        self._scratch = Path(tempfile.mkdtemp(prefix=f"jackit-slot{self.slot}-"))
        self._scratch.chmod(0o711)  # the worker may enter, not list: session folders have random names
        self._zygote_box: list[ZygoteProcess | None] = [None]
        self._finalizer = weakref.finalize(self, _cleanup, self._zygote_box, self._scratch, self._lock_fd)
        try:
            self._paths = levels.interpreter_paths()
            if self.level == "bubblewrap":
                levels.check_hidden(self.hidden, self._paths)
            self.warning = self._warning(self._paths)
            self._start_zygote()
        except BaseException:
            self.close()
            raise

    @property
    def _zygote(self) -> "ZygoteProcess | None":
        return self._zygote_box[0]

    def _start_zygote(self) -> None:
        zygote = ZygoteProcess(self.level, self._scratch, self._paths)
        self._zygote_box[0] = zygote
        self._check_memory(self.limits)
        zygote.stop(self.uid, None, 0.0)  # leftovers of a grader or zygote that died on this slot

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
        if self._zygote.process.poll() is not None:  # it died (killed from outside?): start a fresh one
            dead, self._zygote_box[0] = self._zygote, None
            dead.close()
            self._start_zygote()
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
        start = time.monotonic()
        deadline = start + timeout
        subject = f"{function}()"
        if module not in worker.imported:
            # A short timeout asked for one call must not condemn the module for the whole session:
            # the import, remembered if it fails, always gets at least limits.call_seconds.
            import_seconds = max(timeout, self.limits.call_seconds)
            try:
                self._request(worker, {"op": "import", "module": module}, [], start + import_seconds,
                              Context(module, function, f"{module}.py", import_seconds, importing=True))
            except StudentError as err:
                self._broken[module] = err
                raise
            worker.imported.add(module)
        reply = self._request(worker, {"op": "call", "module": module, "function": function, "args": tree}, arrays,
                              deadline, Context(module, function, subject, timeout, importing=False))
        return reply

    def _check_module(self, module: str) -> None:
        if module in self._broken:
            err = self._broken[module]
            raise StudentError(err.kind, err.reason)
        if module in self.refused:
            raise StudentError("missing", self.refused[module])
        if type(module) is not str or module not in self.files:
            raise StudentError("missing", f"the submission has no {one_line(str(module), 60)}.py")

    def _request(self, worker: "_Worker", header: dict, arrays: list, deadline: float, ctx: "Context"):
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
            failure = from_death(ended, status, ctx, cpu_seconds=self.limits.cpu_seconds)
        if failure is not None:
            self.output += worker.final_output
            failure.output = self.output
            raise failure
        self.output += worker.channel.take_output()
        reply = frame.header
        if reply.get("ok") is not True:
            raise from_reply(reply.get("error"), ctx, files=self.files, memory_mb=self.limits.memory_mb,
                             output=self.output)
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
            "keep": [str(p) for p in box._paths if Path("/tmp") in p.parents],
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
            self._stop_worker(1.0)
            said = one_line(worker.final_output, 300)
            raise SandboxError(f"a worker failed to start ({type(err).__name__}): {said}") from None
        channel.take_output()  # nothing printed before the worker was ready is the student's
        return worker

    def _stop_worker(self, grace: float) -> tuple[str, dict | None]:
        worker, self._worker = self._worker, None
        if worker is None:
            return "absent", None
        worker.final_output = worker.channel.take_output()
        worker.channel.close()
        reply = self.sandbox._zygote.stop(self.sandbox.uid, worker.pid, grace)
        return reply.get("ended", "absent"), reply.get("status")

    def _end(self) -> None:
        if self._worker is not None:
            self._stop_worker(0.0)  # kills every process of the slot's uid, not only the worker
        elif self.sandbox._zygote is not None:
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


def _cleanup(zygote_box: list, scratch: Path, lock_fd: int) -> None:
    zygote, zygote_box[0] = zygote_box[0], None
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


__all__ = ["Sandbox", "Session", "UID_BASE"]
