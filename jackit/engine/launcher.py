"""Start the zygote at a sandbox level and talk to it: the grader's end of the control socket."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

from jackit.engine import control, levels
from jackit.engine.errors import SandboxError

START_SECONDS = 60.0
"""How long the zygote may take to import numpy, sympy and the catalogue and say ready."""
CONTROL_SECONDS = 30.0
"""How long one control request (spawn, stop) may take."""


class ZygoteProcess:
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


__all__ = ["CONTROL_SECONDS", "START_SECONDS", "ZygoteProcess"]
