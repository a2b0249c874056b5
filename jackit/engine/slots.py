"""Sandbox slots: one uid and one machine-wide lock each, so parallel graders never share a uid.

Slot n runs student code as uid/gid UID_BASE + n. "Kill every process of this uid" is how a session
ends, so a uid must belong to nobody else: the lock file keeps two sandboxes off one slot, and a uid
that is some account's is refused.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import shutil
import tempfile
from pathlib import Path

from jackit.engine.errors import SandboxError

UID_BASE = 65000
"""Debian reserves 65000-65533: no account or daemon owns them."""
MAX_SLOTS = 500


def lock_slot(slot: int | None) -> tuple[int, int]:
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


def remove_stale_scratch(slot: int) -> None:
    """Scratch folders and logs of this slot left by a grader that died (we hold the slot's lock now)."""
    for path in Path(tempfile.gettempdir()).glob(f"jackit-slot{slot}-*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.suffix == ".log":
            path.unlink(missing_ok=True)


__all__ = ["MAX_SLOTS", "UID_BASE", "lock_slot", "remove_stale_scratch"]
