"""The grader's end of one worker: send a request, wait for the reply before a deadline, and drain
the worker's stdout/stderr all along so that neither a silent nor a chatty worker can hang us.

Nothing here trusts the worker: the reply is parsed by the bounded FrameReader, must carry the
request's sequence number and nothing after it, and the captured output is cut at its limit.
"""

from __future__ import annotations

import errno
import os
import select
import socket
import time

from jackit.engine.wire import Frame, FrameReader, WireError, WireLimits


class Deadline(Exception):
    """No reply before the deadline."""


class WorkerGone(Exception):
    """The worker closed its connection (it exited, crashed or closed the socket)."""


class OutputFlood(Exception):
    """The worker printed more than the output limit."""


class ProtocolViolation(Exception):
    """The reply breaks the wire format or does not answer the request."""


class WorkerChannel:
    def __init__(self, sock: socket.socket, output_fd: int, *, output_limit: int, limits: WireLimits):
        self.sock, self.output_fd = sock, output_fd
        self.output_limit, self.limits = output_limit, limits
        self._output = bytearray()
        self._output_open = True
        sock.setblocking(False)
        os.set_blocking(output_fd, False)

    def take_output(self) -> str:
        """What the worker printed since the last call to this, cut at the limit, decoded for a
        feedback page. (A flood during a request is raised by `exchange`, not here.)"""
        try:
            self._drain_output()
        except OutputFlood:
            pass
        text = self._output.decode("utf-8", "replace")
        self._output.clear()
        return text

    def exchange(self, request: bytes, seq: int, deadline: float) -> Frame:
        """Send `request` (may be empty) and return the reply frame numbered `seq`."""
        pending = memoryview(request)
        reader = FrameReader(self.limits)
        poller = select.poll()
        if self._output_open:
            poller.register(self.output_fd, select.POLLIN)
        poller.register(self.sock, select.POLLIN | (select.POLLOUT if pending else 0))
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Deadline()
            for fd, events in poller.poll(remaining * 1000):
                if fd == self.output_fd:
                    if not self._drain_output():
                        poller.unregister(self.output_fd)
                    continue
                if events & select.POLLOUT and pending:
                    pending = pending[self._send(pending):]
                    if not pending:
                        poller.modify(self.sock, select.POLLIN)
                if events & (select.POLLIN | select.POLLHUP | select.POLLERR):
                    if self._receive(reader) is not None:
                        return self._finish(reader, seq)

    def _send(self, data: memoryview) -> int:
        try:
            return self.sock.send(data)
        except BlockingIOError:
            return 0
        except OSError as err:
            raise WorkerGone() from err

    def _receive(self, reader: FrameReader) -> Frame | None:
        try:
            data = self.sock.recv(1 << 20)
        except BlockingIOError:
            return None
        except OSError as err:
            raise WorkerGone() from err
        if not data:
            raise WorkerGone()
        try:
            return reader.feed(data)
        except WireError as err:
            raise ProtocolViolation(str(err)) from None

    def _finish(self, reader: FrameReader, seq: int) -> Frame:
        self._drain_output()  # the worker flushed before replying: its output is already in the pipe
        if reader.extra:
            raise ProtocolViolation("bytes after the reply")
        if reader.frame.header.get("seq") != seq or type(reader.frame.header.get("seq")) is not int:
            raise ProtocolViolation("a reply that does not answer the request")
        try:
            leftover = self.sock.recv(1)
        except (BlockingIOError, InterruptedError):
            leftover = None
        except OSError:
            leftover = b""
        if leftover:
            raise ProtocolViolation("bytes after the reply")
        return reader.frame

    def _drain_output(self) -> bool:
        """Read what is in the pipe; False once it is closed. Raises OutputFlood past the limit."""
        while self._output_open:
            try:
                data = os.read(self.output_fd, 65536)
            except BlockingIOError:
                return True
            except OSError as err:
                if err.errno == errno.EINTR:
                    continue
                data = b""
            if not data:
                self._output_open = False
                return False
            if len(self._output) + len(data) > self.output_limit:
                self._output += data[: max(0, self.output_limit - len(self._output))]
                raise OutputFlood()
            self._output += data
        return False

    def close(self) -> None:
        self.sock.close()
        try:
            os.close(self.output_fd)
        except OSError:
            pass


__all__ = ["Deadline", "OutputFlood", "ProtocolViolation", "WorkerChannel", "WorkerGone"]
