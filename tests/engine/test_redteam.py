"""Every red-team submission in tests/redteam/ against the engine: the documented StudentError (or a
harmless value), nothing reaching the host, and a sandbox that still grades a normal submission."""

from __future__ import annotations

import ast
import os
import re
import secrets
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from jackit.engine import KINDS, StudentError
from jackit.engine.sandbox import UID_BASE

REDTEAM = Path(__file__).resolve().parents[1] / "redteam"

ATTACKS = sorted(p.name for p in REDTEAM.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def expectation(name: str) -> str:
    """The `Expect:` line of the folder's docstring (attack.py, or its only module)."""
    folder = REDTEAM / name
    files = [folder / "attack.py"] if (folder / "attack.py").exists() else sorted(folder.glob("*.py"))
    text = files[0].read_bytes().decode("utf-8", "replace")
    found = re.search(r"^Expect: (\w+)\s*$", text, re.MULTILINE)
    assert found, f"{files[0]} has no 'Expect:' line"
    return found.group(1)


def normal_still_works(sandbox) -> None:
    with sandbox.session(REDTEAM / "_normal") as s:
        assert np.array_equal(s.call("attack", "f", args=(np.arange(3.0),)), [0.0, 2.0, 4.0])


def test_every_folder_documents_its_defect_and_expectation():
    """Does every red-team folder say what it does (docstring) and what the sandbox must answer?"""
    assert len(ATTACKS) >= 25
    for name in ATTACKS:
        assert expectation(name) in KINDS | {"value"}, name


@pytest.mark.parametrize("name", ATTACKS)
def test_attack_yields_its_documented_outcome(engine_sandbox, name, uid_processes):
    """Does the attack end with its documented StudentError kind (or a plain value), and does the
    same sandbox grade a normal submission right after?"""
    expected = expectation(name)
    argument = CUSTOM_ARGUMENT.get(name, lambda: np.arange(3.0))()
    with engine_sandbox.session(REDTEAM / name) as s:
        try:
            value = s.call("attack", "f", args=(argument,), timeout=TIMEOUT.get(name))
            outcome = "value"
        except StudentError as err:
            value, outcome = err, err.kind
            assert err.reason and "\n" not in err.reason and len(err.reason) < 400
        assert outcome == expected, f"{name}: {value}"
        if name in CHECKS:
            CHECKS[name](Host(engine_sandbox, s, uid_processes), value)
    if name in CHECKS_AFTER:
        CHECKS_AFTER[name](Host(engine_sandbox, None, uid_processes), value)
    assert os.listdir(engine_sandbox._scratch) == []
    normal_still_works(engine_sandbox)


TIMEOUT = {"memory_bomb": 10.0, "file_bomb": 10.0, "huge_list": 10.0, "privilege_escalation": 10.0}
MARKER = f"jackit_redteam_{secrets.token_hex(4)}"


def _listener():
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    LISTENER["server"], LISTENER["accepted"] = server, []

    def accept():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and LISTENER.get("server") is server:
            try:
                LISTENER["accepted"].append(server.accept())
            except OSError:
                continue

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]


LISTENER: dict = {}
CUSTOM_ARGUMENT = {"write_outside": lambda: MARKER, "network": _listener}


# --- checks on the host, after the attack ------------------------------------------------------------


class Host:
    def __init__(self, sandbox, session, uid_processes):
        self.sandbox, self.session, self.processes_of = sandbox, session, uid_processes
        self.uid = UID_BASE + sandbox.slot
        """The slot's uid, under which the attack ran."""


def check_write_outside(host, written):
    """Nothing the worker wrote exists on the host: not in /tmp, /dev/shm, /var/tmp, the course,
    the scratch folder, nor next to jackit."""
    import jackit

    jackit_dir = Path(jackit.__file__).resolve().parent
    for folder in (Path("/tmp"), Path("/dev/shm"), Path("/var/tmp"), Path("/"), jackit_dir, jackit_dir.parent,
                   REDTEAM / "write_outside", host.sandbox._scratch, host.session.folder):
        assert not (folder / MARKER).exists(), folder
    assert written[MARKER] == "written"  # its own working folder is writable (and private)
    inside_submission = [p for p, how in written.items() if "submission" in p or p.startswith("/sandbox")]
    assert all(written[p] != "written" for p in inside_submission)


def check_forged_results(host, written):
    """No results.json written by the worker's uid exists on the host (a file there is someone else's)."""
    import jackit

    for path in (Path("/tmp/results.json"), Path("/autograder/results/results.json"), Path("/autograder/results.json"),
                 Path(jackit.__file__).resolve().parent.parent / "results.json",
                 REDTEAM / "forged_results" / "results.json"):
        assert not path.exists() or path.stat().st_uid != host.uid, path


def check_read_solutions(host, found):
    if host.sandbox.level == "bubblewrap":
        assert found == []


def check_network(host, results):
    LISTENER.pop("server").close()
    assert all(outcome != "connected" for outcome in results.values()), results
    assert LISTENER["accepted"] == []


def check_environment(host, seen):
    text = repr(seen).lower()
    assert "jackit" not in repr(seen["env"]).lower() and "grad" not in text.replace("upgrade", "")
    assert seen["uid"] == host.uid and seen["uid"] != 0 and seen["groups"] == []
    assert set(seen["env"]) <= {"PATH", "LANG", "HOME", "TMPDIR", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"}


def check_privileges(host, results):
    assert results["uid"] != 0 and results["setuid"] == "PermissionError" and results["mount"] == "refused"
    assert results["sudo"] != "0" and results["su"] != "0"


def check_kill_parent(host, results):
    assert all(outcome != "killed" for outcome in results.values()), results


def check_monkeypatch(host, value):
    assert np.array_equal(value, [1.0, 2.0, 3.0])
    assert not np.allclose(value, np.arange(3.0))  # the grader's numpy is its own


def check_builtins(host, value):
    assert np.array_equal(value, [0.0, 2.0, 4.0])
    assert host.session.call("attack", "f", args=(np.ones(2),)).tolist() == [2.0, 2.0]


def check_shared_memory(host, seen):
    assert seen == "absent"
    with host.sandbox.session(REDTEAM / "shared_memory_leftover") as again:
        assert again.call("attack", "f", args=(1,)) == "absent"
    with open("/proc/sysvipc/shm", encoding="ascii") as table:
        keys = [int(line.split()[0]) for line in table.readlines()[1:]]
    assert 0x4A4B4954 not in keys


def check_symlink(host, err):
    with pytest.raises(StudentError) as caught:
        host.session.call("secret", "f", args=(1,))
    assert caught.value.kind == "missing" and "symbolic link" in str(caught.value)


def check_slow_import(host, err):
    start = time.monotonic()
    with pytest.raises(StudentError) as again:
        host.session.call("attack", "f", args=(1,))
    assert time.monotonic() - start < 0.2 and str(again.value) == str(err)


def check_numpy_shadow(host, value):
    assert value == 3.0
    with pytest.raises(StudentError) as caught:
        host.session.call("numpy", "sum", args=(1,))
    assert caught.value.kind == "import"


def check_no_survivors(host, value):
    host.session._stop_worker(0.0)
    assert host.processes_of(host.uid) == []


def check_exit_code(host, err):
    assert "(0)" in str(err)


CHECKS = {
    "write_outside": check_write_outside,
    "forged_results": check_forged_results,
    "read_solutions": check_read_solutions,
    "network": check_network,
    "environment_snoop": check_environment,
    "privilege_escalation": check_privileges,
    "kill_parent": check_kill_parent,
    "monkeypatch_numpy": check_monkeypatch,
    "monkeypatch_builtins": check_builtins,
    "symlink_escape": check_symlink,
    "slow_import": check_slow_import,
    "numpy_shadow": check_numpy_shadow,
    "orphan_process": check_no_survivors,
    "fork_bomb": check_no_survivors,
    "os_exit_at_import": check_exit_code,
    "sys_exit_in_call": check_exit_code,
}
CHECKS_AFTER = {  # once the session has ended
    "shared_memory_leftover": check_shared_memory,
}


def test_a_fork_bomb_is_bounded_by_the_process_limit(engine_sandbox, limits, uid_processes):
    """While the fork bomb runs, does the slot's uid never own more processes than limits.processes
    (watched from the host, plus the kill helper at the end), and none once the call has timed out?"""
    uid = UID_BASE + engine_sandbox.slot
    peak, done = [0], threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], len(uid_processes(uid)))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with engine_sandbox.session(REDTEAM / "fork_bomb") as s:
            with pytest.raises(StudentError) as caught:
                s.call("attack", "f", args=(1,))
    finally:
        done.set()
        watcher.join()
    assert caught.value.kind == "timeout"
    assert 1 < peak[0] <= limits.processes + 1  # + 1: the engine's kill helper runs under the same uid
    assert uid_processes(uid) == []


def test_redteam_sources_are_tiny():
    """Are the red-team submissions tiny (one or two short modules each), as the lead's scored tests expect?"""
    for name in ATTACKS:
        files = list((REDTEAM / name).glob("*.py"))
        assert 1 <= len(files) <= 2, name
        for file in files:
            if not file.is_symlink() and name not in ("syntax_error", "null_bytes"):
                ast.parse(file.read_text(encoding="utf-8"))
            assert file.is_symlink() or file.stat().st_size < 4000
