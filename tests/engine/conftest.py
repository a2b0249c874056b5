"""Fixtures of the engine tests: small limits, one shared sandbox, submissions written on the fly."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from jackit.course import Limits
from jackit.engine import Sandbox, SandboxUnavailable

LIMITS = Limits(call_seconds=2.0, cpu_seconds=20, memory_mb=768, processes=32, file_mb=8, output_kb=16)
REDTEAM = Path(__file__).resolve().parents[1] / "redteam"


@pytest.fixture(scope="session")
def limits() -> Limits:
    return LIMITS


@pytest.fixture(scope="session")
def engine_sandbox():
    """One sandbox at the strongest level, shared by the engine tests (a free slot, not slot 0)."""
    try:
        box = Sandbox(LIMITS, slot=None)
    except SandboxUnavailable as err:  # not root: the sandbox cannot run at all here
        pytest.skip(str(err))
    yield box
    box.close()


@pytest.fixture
def submission(tmp_path):
    """Write a submission folder: submission(attack="def f(x): ...", helper="...") -> its Path."""
    counter = [0]

    def write(**modules: str) -> Path:
        counter[0] += 1
        folder = tmp_path / f"submission{counter[0]}"
        folder.mkdir()
        for name, source in modules.items():
            (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        return folder

    return write


@pytest.fixture(scope="session")
def uid_processes():
    """processes_of(uid): host pids whose real uid is `uid` (read independently of the engine)."""
    return processes_of


def processes_of(uid: int) -> list[int]:
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/status", encoding="ascii", errors="replace") as status:
                    for line in status:
                        if line.startswith("Uid:"):
                            if int(line.split()[1]) == uid:
                                pids.append(int(name))
                            break
            except OSError:
                pass
    return pids
