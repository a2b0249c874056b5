"""Zip files whose bytes depend only on their content: the student bundle and the submission zip."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_zip(path: Path, files: dict[str, bytes], *, executable: frozenset[str] = frozenset()) -> None:
    """Write `files` (path inside the zip -> bytes) to the zip `path`, atomically; the names in
    `executable` get mode 755, the others 644."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.external_attr = (0o755 if name in executable else 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
