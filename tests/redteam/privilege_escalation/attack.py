"""Tries to become root again (setuid(0)), to mount a filesystem, to use sudo/su. Returns what it
got; the test checks that every attempt failed.

Expect: value
"""

import ctypes
import os
import subprocess


def f(x):
    results = {"uid": os.getuid()}
    try:
        os.setuid(0)
        results["setuid"] = "root"
    except OSError as err:
        results["setuid"] = type(err).__name__
    libc = ctypes.CDLL(None, use_errno=True)
    results["mount"] = "mounted" if libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 0, None) == 0 else "refused"
    for tool in ("sudo", "su"):
        try:
            done = subprocess.run([tool, "-n", "id", "-u"] if tool == "sudo" else [tool, "-c", "id -u"],
                                  capture_output=True, timeout=2, stdin=subprocess.DEVNULL)
            results[tool] = done.stdout.decode().strip() or "refused"
        except (OSError, subprocess.SubprocessError) as err:
            results[tool] = type(err).__name__
    return results
