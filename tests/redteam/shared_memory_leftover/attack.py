"""Leaves a System V shared-memory segment behind (they outlive processes), then looks for one left by
an earlier session under the same key. Every worker has its own IPC namespace, so an earlier
session's segment is never found, and none survives on the host. f returns "found" or "absent".

Expect: value
"""

import ctypes

KEY = 0x4A4B4954  # "JKIT"
IPC_CREAT, IPC_EXCL = 0o1000, 0o2000


def f(x):
    libc = ctypes.CDLL(None, use_errno=True)
    existing = libc.shmget(KEY, 0, 0o600)
    libc.shmget(KEY, 4096, IPC_CREAT | 0o600)
    return "found" if existing >= 0 else "absent"
