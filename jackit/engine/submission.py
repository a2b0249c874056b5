"""Copy a submission into the sandbox's scratch folder: regular *.py files only, never through a link."""

from __future__ import annotations

import errno
import keyword
import os
import stat
from pathlib import Path

from jackit.engine.errors import SandboxError

MAX_FILES = 256
MAX_FILE_BYTES = 1 << 20


def copy_submission(source: Path, target: Path) -> tuple[set[str], dict[str, str]]:
    """Copy the regular *.py files of `source` into `target` (read-only for the worker).

    Links, devices, FIFOs and oversized files are refused, each with a reason for the student; a
    file is opened with O_NOFOLLOW and checked with fstat, so a link swapped in mid-copy is refused too.
    Returns (module names copied, {module name: reason refused}).
    """
    files, refused = set(), {}
    try:
        folder_fd = os.open(source, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as err:
        raise SandboxError(f"cannot read the submission folder {source}: {err.strerror}") from None
    try:
        names = sorted(n for n in os.listdir(folder_fd) if n.endswith(".py"))
        for name in names:
            module = name[:-3]
            if not module.isidentifier() or keyword.iskeyword(module):
                continue
            if len(files) >= MAX_FILES:
                refused[module] = f"the submission has more than {MAX_FILES} Python files"
                continue
            reason = _copy_one(folder_fd, name, target / name)
            if reason:
                refused[module] = reason
            else:
                files.add(module)
    finally:
        os.close(folder_fd)
    return files, refused


def _copy_one(folder_fd: int, name: str, target: Path) -> str | None:
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder_fd)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return f"{name} is a symbolic link; submit the file itself"
        return f"{name} cannot be read ({err.strerror})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return f"{name} is not a regular file"
        if info.st_size > MAX_FILE_BYTES:
            return f"{name} is larger than {MAX_FILE_BYTES >> 20} MB"
        with os.fdopen(os.dup(fd), "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return f"{name} is larger than {MAX_FILE_BYTES >> 20} MB"
    finally:
        os.close(fd)
    out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with os.fdopen(out, "wb") as stream:
        stream.write(data)
    os.chmod(target, 0o644)
    return None


__all__ = ["MAX_FILE_BYTES", "MAX_FILES", "copy_submission"]
