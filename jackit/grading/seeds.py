"""Per-student random inputs: seeds derived from an instructor secret, never shown to students.

seed = HMAC-SHA256(secret, student id ␀ exercise ␀ test name), so regrading with the same secret
reproduces every input, while a student cannot predict another student's inputs, nor hard-code
the public cases.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

import numpy as np

SECRET_BYTES = 32


def derive_seed(secret: bytes, *parts: str) -> int:
    message = "\0".join(parts).encode("utf-8")
    return int.from_bytes(hmac.new(secret, message, hashlib.sha256).digest()[:16], "big")


def student_rng(secret: bytes, student: str, exercise: str, test: str) -> np.random.Generator:
    return np.random.default_rng(derive_seed(secret, student, exercise, test))


def load_secret(path: Path, *, create: bool = False) -> bytes:
    """Read the instructor secret; with `create`, make a new one (mode 0600) when there is none."""
    if path.is_file():
        secret = path.read_bytes().strip()
        if len(secret) < 16:
            raise ValueError(f"{path}: the secret is too short (keep at least 16 bytes; delete it to make a new one)")
        return secret
    if not create:
        raise FileNotFoundError(f"{path}: no such secret file (create one with: jackit secret --out {path})")
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(SECRET_BYTES).encode()
    path.touch(mode=0o600)
    path.write_bytes(secret + b"\n")
    return secret
