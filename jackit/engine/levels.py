"""Which isolation this machine offers, and the command that starts the zygote inside it.

Levels, strongest first:

- ``bubblewrap``: the zygote runs in bwrap with new network, pid, ipc and uts namespaces and a
  filesystem view holding only /usr, the interpreter, its libraries and the jackit package (read-only)
  and the session's submission copy; each worker then gets a private read-only mount namespace with
  an empty /tmp of its own, a non-root uid per slot without capabilities, and resource limits.
- ``namespaces``: no bwrap, but `unshare` gives the zygote new network, pid, ipc and uts namespaces;
  workers are confined as above, except that they see the host's filesystem (read-only, /tmp private).
- ``rlimits``: no namespaces at all: only the uid switch and the resource limits.

A weaker level is never chosen silently: `level_warning` gives the one line the report must show.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from jackit.engine.errors import SandboxError, SandboxUnavailable

LEVELS = ("bubblewrap", "namespaces", "rlimits")
ISOLATIONS = ("auto", *LEVELS)
SANDBOX_ROOT = "/sandbox"
"""Where the slot's scratch folder (the submission copies) appears inside bubblewrap."""

_WARNINGS = {
    "bubblewrap": None,
    "namespaces": ("sandbox level 'namespaces' (bubblewrap unavailable): student code can read every "
                   "world-readable file on this machine; network, processes, memory, CPU and writes are confined"),
    "rlimits": ("sandbox level 'rlimits' (no bubblewrap, no namespaces): student code can read world-readable "
                "files, write to world-writable folders and use the network; only its uid, processes, memory, "
                "CPU time and file sizes are limited"),
}

CAPABILITIES = ("CAP_SETUID", "CAP_SETGID", "CAP_SYS_ADMIN", "CAP_KILL")
"""What the zygote keeps inside bubblewrap: switch uid, build each worker's mount namespace, kill
workers. Workers lose all of them at the uid switch."""

_NAMESPACE_FLAGS = ("--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try")


def level_warning(level: str) -> str | None:
    return _WARNINGS[level]


def sandbox_level(isolation: str = "auto") -> str:
    """The level a Sandbox gets for `isolation` on this machine; raises SandboxUnavailable."""
    if isolation not in ISOLATIONS:
        raise ValueError(f"isolation must be one of {', '.join(ISOLATIONS)}, not {isolation!r}")
    if os.geteuid() != 0:
        raise SandboxUnavailable(
            "the grader must run as root: it runs student code under a separate unprivileged uid per slot, "
            "the only way to bound a fork bomb (run `jackit grade` with sudo or in the course's container)")
    if sys.platform != "linux":
        raise SandboxUnavailable("the sandbox needs Linux")
    available = {"bubblewrap": _bwrap_works(), "namespaces": _unshare_works(), "rlimits": True}
    if isolation == "auto":
        return next(level for level in LEVELS if available[level])
    if not available[isolation]:
        tool = "bubblewrap (bwrap)" if isolation == "bubblewrap" else "unshare with namespaces"
        raise SandboxUnavailable(f"isolation {isolation!r} is not available here: {tool} does not work")
    return isolation


@functools.cache
def _bwrap_works() -> bool:
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return False
    probe = [bwrap, *_NAMESPACE_FLAGS, "--die-with-parent", "--ro-bind", "/", "/", "--proc", "/proc",
             "--dev", "/dev", "--tmpfs", "/tmp", *_cap_args(), "true"]
    return _runs(probe)


@functools.cache
def _unshare_works() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    return _runs([unshare, "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--mount-proc", "true"])


def _runs(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _cap_args() -> list[str]:
    return [arg for cap in CAPABILITIES for arg in ("--cap-add", cap)]


# --- what the interpreter needs to see ---------------------------------------------------------


def interpreter_paths() -> list[Path]:
    """Folders the zygote must read: the Python prefixes, the folders holding numpy, sympy and
    mpmath, and the jackit package itself (never its parent: for an editable install that is the
    course, with solutions/ and autograder/)."""
    import mpmath
    import numpy
    import sympy

    import jackit

    jackit_dir = Path(jackit.__file__).resolve().parent
    paths = {Path(p) for p in (sys.base_prefix, sys.prefix, sys.base_exec_prefix, sys.exec_prefix)}
    paths |= {Path(m.__file__).resolve().parent.parent for m in (numpy, sympy, mpmath)}
    paths.add(jackit_dir)
    kept = sorted(p for p in paths if not any(q != p and q in p.parents for q in paths))
    course_root = jackit_dir.parent
    if course_root.name not in ("site-packages", "dist-packages"):
        for path in kept:
            if path != jackit_dir and (path == course_root or path in course_root.parents):
                raise SandboxError(f"refusing to show {path} to student code: it contains the course at {course_root}")
    return kept


def check_hidden(hidden: tuple[Path, ...], paths: list[Path]) -> None:
    """A path the grader wants hidden must not lie inside the bubblewrap view."""
    for secret in hidden:
        for path in paths:
            if secret == path or path in secret.parents or secret in path.parents:
                raise SandboxError(f"the sandbox view would show {secret} to student code (it is inside {path})")


def unreadable_paths(paths: list[Path], *, with_ancestors: bool) -> list[Path]:
    """Paths a uid without privileges could not traverse (so lazy imports would fail there)."""
    bad = []
    for path in paths:
        chain = [*reversed(path.parents), path] if with_ancestors else [path]
        for folder in chain:
            try:
                if os.stat(folder).st_mode & 0o005 != 0o005:
                    bad.append(folder)
                    break
            except OSError:
                bad.append(folder)
                break
    return bad


# --- the zygote's command line -----------------------------------------------------------------


def launch_environment() -> dict[str, str]:
    """The zygote's whole environment: nothing that names jackit or grading; BLAS single-threaded
    (set before numpy is imported, so that no BLAS thread exists when the zygote forks)."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp", "TMPDIR": "/tmp",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1"}


def zygote_command(level: str, *, scratch: Path, control_fd: int, paths: list[Path]) -> list[str]:
    python = [sys.executable, "-I", "-m", "jackit.engine.zygote", str(control_fd)]
    if level == "rlimits":
        return python
    if level == "namespaces":
        return [shutil.which("unshare"), "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child",
                "--mount-proc", *python]
    return [shutil.which("bwrap"), *_NAMESPACE_FLAGS, "--die-with-parent", "--new-session", "--clearenv",
            "--hostname", "sandbox",
            *[arg for key, value in launch_environment().items() for arg in ("--setenv", key, value)],
            *_view(paths, scratch), *_cap_args(), "--chdir", "/", *python]


def _view(paths: list[Path], scratch: Path) -> list[str]:
    """The bubblewrap filesystem: /usr and the library symlinks, the interpreter's folders, the
    slot's scratch folder at /sandbox, fresh /proc, /dev and /tmp. Nothing else of the host."""
    # /tmp first: a venv or course that lives under /tmp (a CI clone) is bound on top of it, not hidden.
    args: list[str] = ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for ancestor in sorted({a for p in paths for a in p.parents if a != Path("/")}, key=lambda a: len(a.parts)):
        args += ["--perms", "0755", "--dir", str(ancestor)]  # bwrap would copy a 0700 /root otherwise
    args += ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for etc in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime"):
        args += ["--ro-bind-try", etc, etc]
    for path in paths:
        args += ["--ro-bind", str(path), str(path)]
    args += ["--ro-bind", str(scratch), SANDBOX_ROOT]
    return args


__all__ = ["LEVELS", "SANDBOX_ROOT", "check_hidden", "interpreter_paths", "launch_environment", "level_warning",
           "sandbox_level", "unreadable_paths", "zygote_command"]
