"""The trusted parent of every worker: imports numpy, sympy and the problem catalogue once, then
forks a confined worker per request in a few milliseconds (an interpreter start costs ~20× more).

Started once per Sandbox as ``python -I -m jackit.engine.zygote FD``, inside bubblewrap when the
machine has it; FD is the control socket shared with the grader (jackit.engine.control). Requests:

    {"op": "spawn", "config": {...}}  + fds [worker socket, output pipe]   -> {"ok": true, "pid": p}
    {"op": "stop", "uid": u, "pid": p or null, "grace": s}
        wait up to `grace` seconds for worker p to end by itself, then SIGKILL it and every other
        process of uid u, and reap them -> {"ok": true, "ended": "itself"|"killed"|"absent",
        "status": {"exited": n} or {"signaled": n} or null}

It greets with {"ok": true, "ready": true, "pid": ..., "vm_bytes": ...} once the imports are done,
and exits when the control socket closes, after stopping every uid it spawned workers for. It is a
child subreaper, so orphans of student code come back to it to be reaped.
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
import socket
import sys
import time

from jackit.engine import confine, control, worker

PRELOAD = (
    "math", "cmath", "fractions", "decimal", "functools", "itertools", "collections", "dataclasses", "typing",
    "random", "statistics", "copy", "operator", "re", "string", "time", "warnings", "traceback", "textwrap",
    "json", "pathlib", "tempfile", "shutil", "socket", "subprocess", "ctypes", "unittest", "encodings.idna",
    "numpy", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.polynomial", "numpy.testing", "sympy",
    "jackit.problems", "jackit.symbolic",
)
"""Imported once here, so that forked workers need not find them again (the worker's uid may not
be able to read a stdlib that lives under /root when there is no bubblewrap view)."""


class Zygote:
    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.children: set[int] = set()
        self.exited: dict[int, dict] = {}
        self.uids: set[int] = set()

    def serve(self) -> None:
        control.send(self.sock, {"ok": True, "ready": True, "pid": os.getpid(), "vm_bytes": _vm_bytes()})
        while True:
            try:
                message, fds = control.recv(self.sock)
            except (control.ControlError, OSError):
                break
            try:
                reply = self.handle(message, fds)
            except Exception as err:  # noqa: BLE001 - report, keep serving; the grader decides
                reply = {"ok": False, "error": f"{type(err).__name__}: {err}"}
            finally:
                for fd in fds:
                    _close(fd)
            control.send(self.sock, reply)
        for uid in self.uids:
            self.kill_uid(uid)

    def handle(self, message: dict, fds: list[int]) -> dict:
        self.reap()
        op = message.get("op")
        if op == "spawn":
            if len(fds) != 2:
                raise ValueError("spawn needs two descriptors")
            return {"ok": True, "pid": self.spawn(message["config"], fds[0], fds[1])}
        if op == "stop":
            ended, status = self.stop(int(message["uid"]), message.get("pid"), float(message.get("grace", 0)))
            return {"ok": True, "ended": ended, "status": status}
        raise ValueError(f"unknown op {op!r}")

    def spawn(self, config: dict, sock_fd: int, out_fd: int) -> int:
        config = dict(config, zygote_pid=os.getpid())
        self.uids.add(int(config["uid"]))
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # nothing buffered here may be written again by the child
        pid = os.fork()
        if pid == 0:
            try:
                worker.run(config, sock_fd, out_fd)
            finally:
                os._exit(worker.CONFINE_FAILED)
        self.children.add(pid)
        return pid

    def stop(self, uid: int, pid, grace: float) -> tuple[str, dict | None]:
        ended, status = "absent", None
        if isinstance(pid, int) and (pid in self.children or pid in self.exited):
            status = self.wait(pid, grace)
            ended = "itself"
            if status is None:
                _kill(pid)
                status = self.wait(pid, 10.0)
                ended = "killed"
            self.exited.pop(pid, None)
        self.kill_uid(uid)
        return ended, status

    def wait(self, pid: int, seconds: float) -> dict | None:
        deadline = time.monotonic() + seconds
        while True:
            self.reap()
            if pid in self.exited:
                return self.exited[pid]
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.0005)

    def reap(self) -> None:
        """Collect every finished child (workers, helpers, and orphans handed to us as subreaper)."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid in self.children:
                self.children.discard(pid)
                self.exited[pid] = _describe(status)

    def kill_uid(self, uid: int, seconds: float = 15.0) -> None:
        """SIGKILL every process of `uid` (in sweeps from a helper running as that uid), reap them,
        and return only once /proc shows none left and no helper is running."""
        deadline = time.monotonic() + seconds
        helper, last_sweep = None, -1.0
        try:
            while True:
                self.reap()
                if helper is not None and helper not in self.exited:
                    pass  # a sweep is under way (a live helper could also kill the next worker)
                elif not confine.processes_of(uid):
                    return
                elif time.monotonic() - last_sweep > 0.02:
                    self.exited.pop(helper, None)
                    helper = os.fork()
                    if helper == 0:
                        confine.kill_uid_helper(uid)
                    self.children.add(helper)
                    last_sweep = time.monotonic()
                if time.monotonic() > deadline:
                    raise RuntimeError(f"processes of uid {uid} survive SIGKILL")
                time.sleep(0.0005)
        finally:
            self.exited.pop(helper, None)


def _describe(status: int) -> dict:
    if os.WIFSIGNALED(status):
        return {"signaled": os.WTERMSIG(status)}
    return {"exited": os.waitstatus_to_exitcode(status)}


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _close(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


def _vm_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            if name.startswith("jackit.") and name != "jackit.symbolic":
                raise
    import jackit.problems

    jackit.problems.catalogue()
    warm_up_sympy()


def warm_up_sympy() -> None:
    """Run sympy's simplification once on an expression no exercise asks for: its first call imports
    and initialises much of sympy lazily (~0.15 s), which every forked worker would otherwise repay."""
    import sympy

    a, b = sympy.symbols("a b", positive=True)
    sympy.simplify(sympy.exp(a) * sympy.sinh(b) ** 2 - sympy.exp(a) * sympy.cosh(b) ** 2 + sympy.tan(a) * sympy.cos(a))
    sympy.Matrix([[a, b], [b * a, a]]).det()
    sympy.core.cache.clear_cache()  # keep the code warm, not any result: every worker starts from the same empty cache


def main(argv: list[str]) -> None:
    sock = socket.socket(fileno=int(argv[1]))
    confine.prctl(confine.PR_SET_CHILD_SUBREAPER, 1)
    confine.prctl(confine.PR_SET_PDEATHSIG, signal.SIGKILL)
    preload()
    gc.freeze()  # forked workers then leave the pre-imported objects' pages shared (no GC writes to them)
    Zygote(sock).serve()


if __name__ == "__main__":
    main(sys.argv)
