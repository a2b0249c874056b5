"""The kernel calls that confine a worker, and the one that ends every process of a worker's uid.

Linux only; used by the zygote (trusted, privileged) in the forked child before any student code
runs. Each step either succeeds or raises OSError, and the worker refuses to start on any error:
a sandbox that is weaker than announced is worse than none.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import resource
import signal

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
_libc.unshare.argtypes = [ctypes.c_int]
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
_libc.syscall.restype = ctypes.c_long

CLONE_NEWNS, CLONE_NEWIPC = 0x00020000, 0x08000000
_SYS_OPEN_TREE, _SYS_MOVE_MOUNT = 428, 429  # the same number on every architecture
_AT_FDCWD, _OPEN_TREE_CLONE, _MOVE_MOUNT_F_EMPTY_PATH = -100, 1, 4

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_STRICTATIME = 1024, 2048, 1 << 21, 1 << 24
_OPTION_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
                 "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME, "strictatime": MS_STRICTATIME}

PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 4, 36, 38

MASKED_DIRS = ("/dev/shm", "/var/tmp", "/run", "/dev/mqueue")
"""World-writable or socket-holding places of a host view, hidden behind an empty read-only tmpfs."""


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def unshare(flags: int) -> None:
    _check(_libc.unshare(flags), "unshare")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def open_tree(path: str) -> int:
    """A detached clone of the mount at `path` (Linux >= 5.2), to be attached with move_mount."""
    fd = _libc.syscall(_SYS_OPEN_TREE, _AT_FDCWD, path.encode(), _OPEN_TREE_CLONE | os.O_CLOEXEC)
    if fd < 0:
        code = ctypes.get_errno()
        raise OSError(code, f"open_tree {path}: {os.strerror(code)}")
    return fd


def move_mount(fd: int, target: str) -> None:
    _check(_libc.syscall(_SYS_MOVE_MOUNT, fd, b"", _AT_FDCWD, target.encode(), _MOVE_MOUNT_F_EMPTY_PATH),
           f"move_mount {target}")


def prctl(option: int, value: int) -> None:
    _check(_libc.prctl(option, value, 0, 0, 0), f"prctl {option}")


# --- filesystem --------------------------------------------------------------------------------

_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")  # mountinfo writes space, tab, newline, backslash as \ooo


def _mountinfo() -> list[tuple[str, int]]:
    """(mount point, flags to keep) for every mount this process sees, parents first."""
    mounts = []
    with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as lines:
        for line in lines:
            fields = line.split()
            point = _OCTAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), fields[4])
            keep = 0
            for option in fields[5].split(","):
                keep |= _OPTION_FLAGS.get(option, 0)
            mounts.append((point, keep))
    return mounts


def lock_down_filesystem(*, submission: str, view: str, tmp_bytes: int, uid: int, masked: tuple[str, ...] = (),
                         hidden: tuple[str, ...] = (), keep_visible: tuple[str, ...] = ()) -> None:
    """Give this process a private view: every mount read-only, a fresh /tmp of its own (a small
    tmpfs), the submission copy read-only at `view` inside it, and a private IPC namespace.

    `masked`: directories covered by an empty read-only tmpfs; `hidden`: paths (files or folders)
    the worker must not read; `keep_visible`: interpreter folders under /tmp (a venv in a CI clone) that
    the fresh /tmp must not hide. Must run as root, before the uid switch.
    """
    # A mount namespace of its own, and an IPC namespace: SysV segments and message queues it creates
    # die with it instead of waiting for the next student of this slot.
    unshare(CLONE_NEWNS | CLONE_NEWIPC)
    mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we do here propagates back to the host
    source = open_tree(submission)  # a detached copy of the submission's mount, taken before /tmp is covered
    try:
        for point, keep in _mountinfo():
            try:
                # MS_BIND makes this a per-mount change: without it the remount would hit the host's filesystem.
                mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | keep)
            except OSError as err:
                if err.errno != errno.ENOENT:  # a mount point hidden under another mount: unreachable anyway
                    raise
        for path in (*masked, *hidden):
            _mask(path)
        kept = [(path, open_tree(path)) for path in keep_visible]  # read-only clones, taken before /tmp is covered
        mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              f"size={max(tmp_bytes, 65536)},nr_inodes=4096,mode=1777")
        for path, tree in kept:
            os.makedirs(path, 0o755)
            move_mount(tree, path)
            os.close(tree)
            mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.mkdir(view, 0o755)
        move_mount(source, view)
        mount(None, view, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
    finally:
        os.close(source)


def _mask(path: str) -> None:
    if os.path.islink(path) or not os.path.lexists(path):
        return
    if os.path.isdir(path):
        mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4096,nr_inodes=8,mode=0555")
    else:
        mount("/dev/null", path, None, MS_BIND)
        mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)


# --- identity and limits -------------------------------------------------------------------------


def set_limits(*, memory_bytes: int, cpu_seconds: int, processes: int, file_bytes: int, open_files: int = 64) -> None:
    """Hard and soft resource limits (as root, before the uid switch, so they cannot be raised)."""
    for limit, value in ((resource.RLIMIT_AS, memory_bytes),
                         (resource.RLIMIT_NPROC, processes),
                         (resource.RLIMIT_FSIZE, file_bytes),
                         (resource.RLIMIT_CORE, 0),
                         (resource.RLIMIT_NOFILE, open_files),
                         (resource.RLIMIT_MEMLOCK, 0),
                         (resource.RLIMIT_MSGQUEUE, 0)):
        resource.setrlimit(limit, (value, value))
    # SIGXCPU at the soft limit; SIGKILL one second later if the student code catches it.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def become(uid: int) -> None:
    """Switch for good to uid/gid `uid`, without groups or capabilities, and check it stuck."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (uid, uid, uid) or os.getgroups():
        raise OSError(errno.EPERM, "the uid switch did not take")
    try:
        os.setuid(0)
    except PermissionError:
        pass
    else:
        raise OSError(errno.EPERM, "the worker could become root again")
    prctl(PR_SET_NO_NEW_PRIVS, 1)  # no setuid binary or file capability can raise privileges again
    if os.path.exists("/proc/self/status"):
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(("CapPrm:", "CapEff:", "CapAmb:")) and int(line.split()[1], 16) != 0:
                    raise OSError(errno.EPERM, f"capabilities left after the uid switch: {line.strip()}")


# --- ending processes ----------------------------------------------------------------------------


def processes_of(uid: int) -> list[int]:
    """Pids whose real, effective or saved uid is `uid` (from /proc/<pid>/status, which a process
    cannot hide by making itself non-dumpable)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status", encoding="ascii", errors="replace") as status:
                for line in status:
                    if line.startswith("Uid:"):
                        if str(uid) in line.split()[1:4]:
                            found.append(int(name))
                        break
        except OSError:
            continue  # gone already
    return found


def kill_uid_helper(uid: int) -> None:
    """In a freshly forked child: become `uid` and send SIGKILL to every process of that uid. Never returns.

    kill(-1) from the uid itself reaches all its processes in one sweep, and nothing of another uid.
    The kernel holds the task list while it signals, and fork() fails for a process with a pending
    SIGKILL, so a fork bomb cannot outrun the sweep. kill(-1) reports success as soon as any other
    process exists (even one it may not signal), so the caller checks the result in /proc instead.
    """
    try:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os._exit(0)
    except BaseException:  # noqa: BLE001
        os._exit(2)


__all__ = ["MASKED_DIRS", "become", "kill_uid_helper", "lock_down_filesystem", "prctl", "processes_of",
           "set_limits", "unshare"]
