"""The two ways a call into student code can fail: by the student's doing, or by the sandbox's.

`StudentError` is the student's: a syntax error, an exception, a timeout, a crash, a value that
cannot cross the trust boundary. Its `reason` is one line written for the student, and it fails the
test that made the call. `SandboxError` is the machine's (bubblewrap missing, the zygote died, a
worker could not be confined): it is reported to the instructor and never turns into a grade.
"""

from __future__ import annotations

import re

KINDS = frozenset({
    "syntax",     # the module does not compile
    "import",     # importing the module raised, or its name is unusable
    "missing",    # no such module or function in the submission
    "exception",  # the function raised
    "timeout",    # wall-clock or CPU time limit
    "crash",      # the worker died from a signal, or broke the protocol
    "exit",       # sys.exit / os._exit
    "memory",     # address-space limit
    "output",     # printed more than the output limit
    "bad_value",  # returned something that may not cross the boundary
})


class StudentError(Exception):
    """A call into student code failed; `reason` is one line for the student, `kind` one of KINDS."""

    def __init__(self, kind: str, reason: str, *, output: str = ""):
        if kind not in KINDS:
            raise ValueError(f"unknown StudentError kind {kind!r}")
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.output = output
        """What the student code printed during the failed call (bounded), for the feedback page."""

    def __str__(self) -> str:
        return self.reason

    def __reduce__(self):
        # Graders run in process pools: keep kind and output when the error is pickled.
        return (_rebuild_student_error, (self.kind, self.reason, self.output))


def _rebuild_student_error(kind: str, reason: str, output: str) -> StudentError:
    return StudentError(kind, reason, output=output)


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the student's fault): report it to the instructor."""


class SandboxUnavailable(SandboxError):
    """The requested isolation cannot be had on this machine."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def one_line(text: object, limit: int = 200) -> str:
    """Untrusted text made safe for a one-line message: no control or bidi characters, bounded."""
    if not isinstance(text, str):
        return ""
    text = _CONTROL.sub(" ", text).strip()
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,79}$")


def safe_name(text: object, fallback: str = "object") -> str:
    """A type or function name from the worker, accepted only if it looks like one."""
    return text if isinstance(text, str) and _NAME.match(text) else fallback


__all__ = ["KINDS", "SandboxError", "SandboxUnavailable", "StudentError", "one_line", "safe_name"]
