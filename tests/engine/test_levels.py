"""The weaker levels (no bubblewrap; no namespaces either) still bound what matters, and say what they lack."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import numpy as np
import pytest

from jackit.engine import Sandbox, SandboxError, SandboxUnavailable, StudentError, level_warning, sandbox_level
from jackit.engine.sandbox import UID_BASE

REDTEAM = Path(__file__).resolve().parents[1] / "redteam"
LEVELS = ["namespaces", "rlimits"]


@pytest.fixture(scope="module", params=LEVELS)
def weak_sandbox(request, limits):
    try:
        box = Sandbox(limits, slot=None, isolation=request.param)
    except SandboxUnavailable as err:
        pytest.skip(str(err))
    yield box
    box.close()


def test_a_weaker_level_says_so_in_one_line(weak_sandbox):
    """Does a sandbox below bubblewrap carry a one-line warning naming its level?"""
    assert weak_sandbox.level in LEVELS
    assert weak_sandbox.warning and "\n" not in weak_sandbox.warning
    assert f"'{weak_sandbox.level}'" in weak_sandbox.warning
    assert weak_sandbox.warning.startswith(level_warning(weak_sandbox.level))


@pytest.mark.parametrize("name, kind", [
    ("infinite_loop", "timeout"), ("fork_bomb", "timeout"), ("memory_bomb", "memory"), ("os_exit_in_call", "exit"),
    ("output_flood", "output"), ("segfault", "crash"), ("always_equal", "bad_value"), ("sys_exit_at_import", "exit"),
])
def test_limits_hold_at_every_level(weak_sandbox, name, kind, uid_processes):
    """Do time, processes, memory, exits, output and values stay bounded without bubblewrap, with no
    process left behind and a working sandbox afterwards?"""
    with weak_sandbox.session(REDTEAM / name) as s:
        with pytest.raises(StudentError) as caught:
            s.call("attack", "f", args=(1.0,), timeout=10 if name == "memory_bomb" else None)
    assert caught.value.kind == kind
    assert uid_processes(UID_BASE + weak_sandbox.slot) == []
    with weak_sandbox.session(REDTEAM / "_normal") as s:
        assert np.array_equal(s.call("attack", "f", args=(np.arange(3.0),)), [0.0, 2.0, 4.0])


def test_namespaces_keep_the_network_and_host_writes_out(limits):
    """At level 'namespaces', does the worker have no network, and do its writes to /tmp, /dev/shm and
    /var/tmp stay private (never reach the host)?"""
    try:
        box = Sandbox(limits, slot=None, isolation="namespaces")
    except SandboxUnavailable as err:
        pytest.skip(str(err))
    marker = f"jackit_level_{secrets.token_hex(4)}"
    try:
        with box.session(REDTEAM / "write_outside") as s:
            written = s.call("attack", "f", args=(marker,))
        with box.session(REDTEAM / "network") as s:
            reached = s.call("attack", "f", args=(9,))
    finally:
        box.close()
    for folder in ("/tmp", "/dev/shm", "/var/tmp", "/"):
        assert not os.path.exists(os.path.join(folder, marker)), folder
    assert written[os.path.join("/tmp", marker)] == "written"  # its private /tmp
    assert all(outcome != "connected" for outcome in reached.values()), reached


def test_hidden_paths_are_masked_without_a_filesystem_view(limits, submission):
    """At level 'namespaces', can the grader hide a folder of the course (here tests/, which a worker
    at that level can otherwise read) from the worker?"""
    secret_dir = Path(__file__).resolve().parents[1]
    source = f"""
        import os

        def f():
            try:
                return os.listdir({str(secret_dir)!r})
            except OSError as err:
                return type(err).__name__
    """
    try:
        box = Sandbox(limits, slot=None, isolation="namespaces", hidden=(secret_dir,))
    except SandboxUnavailable as err:
        pytest.skip(str(err))
    try:
        with box.session(submission(attack=source)) as s:
            # Masked (an empty folder) or absent (a course under /tmp sits below the worker's own /tmp).
            assert s.call("attack", "f") in ([], "FileNotFoundError")
    finally:
        box.close()
    assert "engine" in os.listdir(secret_dir)


def test_bubblewrap_refuses_a_view_that_would_show_a_hidden_path(limits):
    """Is a hidden path inside the bubblewrap view (here the interpreter's prefix) a SandboxError?"""
    if sandbox_level() != "bubblewrap":
        pytest.skip("bubblewrap is not available here")
    with pytest.raises(SandboxError, match="would show"):
        Sandbox(limits, slot=None, hidden=(Path(sys.prefix) / "lib",))


def test_an_unknown_isolation_is_refused(limits):
    """Is an isolation name that is not a level refused rather than treated as 'auto'?"""
    with pytest.raises(ValueError):
        sandbox_level("chroot")
