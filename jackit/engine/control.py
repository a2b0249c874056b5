"""Messages between the grader and the zygote, both trusted: one JSON object per SOCK_SEQPACKET
datagram, with file descriptors passed alongside (SCM_RIGHTS). Workers never hold this socket."""

from __future__ import annotations

import json
import socket

MAX_MESSAGE = 65536
MAX_FDS = 4


class ControlError(OSError):
    """The other end is gone or sent something that is not a control message."""


def send(sock: socket.socket, message: dict, fds: list[int] = ()) -> None:
    data = json.dumps(message, separators=(",", ":")).encode("utf-8")
    if len(data) > MAX_MESSAGE:
        raise ControlError(f"a control message of {len(data)} bytes is too long")
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.send(data)


def recv(sock: socket.socket) -> tuple[dict, list[int]]:
    """One message and the descriptors that came with it (the caller owns and closes them)."""
    data, fds, flags, _ = socket.recv_fds(sock, MAX_MESSAGE, MAX_FDS)
    if flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC):
        for fd in fds:
            _close(fd)
        raise ControlError("a truncated control message")
    if not data:
        raise ControlError("the control socket was closed")
    try:
        message = json.loads(data)
    except ValueError:
        message = None
    if type(message) is not dict:
        for fd in fds:
            _close(fd)
        raise ControlError("a control message that is not a JSON object")
    return message, fds


def _close(fd: int) -> None:
    import os

    try:
        os.close(fd)
    except OSError:
        pass


__all__ = ["ControlError", "recv", "send"]
