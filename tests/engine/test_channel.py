"""The grader's end of a worker, against a fake worker on a socketpair: deadlines, floods, lies."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from jackit.engine.channel import Deadline, OutputFlood, ProtocolViolation, WorkerChannel, WorkerGone
from jackit.engine.wire import WireLimits, encode_frame


@pytest.fixture
def pair():
    """(channel, the fake worker's socket, the fake worker's output fd)."""
    ours, theirs = socket.socketpair()
    out_read, out_write = os.pipe()
    channel = WorkerChannel(ours, out_read, output_limit=1000, limits=WireLimits(max_frame=10_000))
    yield channel, theirs, out_write
    channel.close()
    theirs.close()
    try:
        os.close(out_write)
    except OSError:
        pass


def soon(seconds: float = 2.0) -> float:
    return time.monotonic() + seconds


def test_a_reply_with_the_right_number_is_returned(pair):
    """Is a well-formed reply carrying the request's number returned, with the output printed before it?"""
    channel, worker, out = pair
    os.write(out, b"printed\n")
    worker.sendall(encode_frame({"seq": 7, "ok": True, "value": 1}))
    frame = channel.exchange(b"request", 7, soon())
    assert frame.header == {"seq": 7, "ok": True, "value": 1}
    assert worker.recv(100) == b"request"
    assert channel.take_output() == "printed\n"


@pytest.mark.parametrize("seq", [6, "7", None, 7.0])
def test_a_reply_to_another_request_is_rejected(pair, seq):
    """Is a reply whose number is not the request's (or not an int) a protocol violation?"""
    channel, worker, _ = pair
    worker.sendall(encode_frame({"seq": seq, "ok": True}))
    with pytest.raises(ProtocolViolation):
        channel.exchange(b"", 7, soon())


def test_bytes_after_the_reply_are_rejected(pair):
    """Is a reply followed by more bytes (a second, forged frame) a protocol violation?"""
    channel, worker, _ = pair
    worker.sendall(encode_frame({"seq": 1, "ok": True}) * 2)
    with pytest.raises(ProtocolViolation):
        channel.exchange(b"", 1, soon())


def test_an_oversized_reply_is_rejected_from_its_length(pair):
    """Is a frame announcing more than max_frame rejected before its bytes arrive?"""
    channel, worker, _ = pair
    worker.sendall(b"JKW1" + (20_000).to_bytes(4, "big"))
    with pytest.raises(ProtocolViolation):
        channel.exchange(b"", 1, soon())


def test_a_silent_worker_meets_the_deadline(pair):
    """Does a worker that never answers (even one that sends half a frame) raise Deadline on time?"""
    channel, worker, _ = pair
    worker.sendall(encode_frame({"seq": 1, "ok": True})[:10])
    start = time.monotonic()
    with pytest.raises(Deadline):
        channel.exchange(b"", 1, soon(0.3))
    assert 0.3 <= time.monotonic() - start < 1.0


def test_a_chatty_worker_meets_the_deadline_too(pair):
    """Does a worker that prints slowly but steadily still time out (output does not reset the clock)?"""
    channel, worker, out = pair
    stop = threading.Event()

    def drip():
        while not stop.is_set():
            os.write(out, b".")
            time.sleep(0.001)

    thread = threading.Thread(target=drip)
    thread.start()
    try:
        with pytest.raises((Deadline, OutputFlood)):
            channel.exchange(b"", 1, soon(0.3))
    finally:
        stop.set()
        thread.join()


def test_an_output_flood_is_cut_at_the_limit(pair):
    """Does printing past the limit raise OutputFlood, keeping only the limit's worth of text?"""
    channel, worker, out = pair
    os.set_blocking(out, False)
    try:
        while True:
            os.write(out, b"x" * 4096)
    except BlockingIOError:
        pass
    with pytest.raises(OutputFlood):
        channel.exchange(b"", 1, soon())
    assert len(channel.take_output()) == 1000


def test_a_worker_that_hangs_up_is_gone(pair):
    """Does a worker closing its socket mid-request raise WorkerGone?"""
    channel, worker, _ = pair
    worker.close()
    with pytest.raises(WorkerGone):
        channel.exchange(b"x" * 100, 1, soon())


def test_a_large_request_is_sent_while_output_is_drained(pair):
    """Is a request larger than the socket buffer sent completely, while the worker prints (no deadlock)?"""
    channel, worker, out = pair
    request = b"r" * 2_000_000
    got = bytearray()

    def fake_worker():
        while len(got) < len(request):
            os.write(out, b"")
            got.extend(worker.recv(1 << 16))
        worker.sendall(encode_frame({"seq": 3, "ok": True}))

    thread = threading.Thread(target=fake_worker)
    thread.start()
    frame = channel.exchange(request, 3, soon(10))
    thread.join()
    assert frame.header["seq"] == 3 and bytes(got) == request
