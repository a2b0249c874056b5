"""One line for the student: how a call failed, from what the grader saw and what the worker claimed.

Two sources, trusted differently. `from_death` reads the zygote's waitpid status of a worker that
hung up (a fact). `from_reply` reads an error reply (the worker's claim): every field is checked
and bounded, file names are kept only if they are files of the submission, and nothing the worker
wrote can add a line, a control character or more than a few hundred characters.
"""

from __future__ import annotations

import signal

from jackit.engine.errors import StudentError, one_line, safe_name
from jackit.engine.worker import LOST_CONNECTION

SIGNAL_NAMES = {int(s): s.name for s in signal.Signals}


class Context:
    """What a request was about, for the student's message."""

    def __init__(self, module: str, function: str, subject: str, timeout: float, *, importing: bool):
        self.module, self.function, self.subject, self.timeout, self.importing = (
            module, function, subject, timeout, importing)

    @property
    def doing(self) -> str:
        return f"importing {self.module}.py" if self.importing else self.subject

    @property
    def during(self) -> str:
        return f"while importing {self.module}.py" if self.importing else f"while running {self.subject}"


def from_death(ended: str, status: dict | None, ctx: Context, *, cpu_seconds: int) -> StudentError:
    """The worker hung up: say how it ended, from the zygote's waitpid status (not the worker's word)."""
    if ended == "killed" or not status:
        return StudentError("crash", f"the worker stopped answering {ctx.during}")
    if status.get("exited") == LOST_CONNECTION:
        return StudentError("crash", f"the worker lost its connection to the grader {ctx.during}")
    if "exited" in status:
        return StudentError("exit", f"the worker exited (os._exit({status['exited']})) {ctx.during}")
    number = status.get("signaled")
    name = SIGNAL_NAMES.get(number, f"signal {number}")
    if number == signal.SIGXCPU:
        return StudentError("timeout", f"{ctx.doing} used more than {cpu_seconds} s of CPU time")
    if number == signal.SIGKILL:
        return StudentError("crash", f"the worker was killed (SIGKILL) {ctx.during}: "
                                     f"it may have run out of memory or CPU time")
    return StudentError("crash", f"the worker crashed ({name}) {ctx.during}")


def from_reply(error, ctx: Context, *, files: set[str], memory_mb: int, output: str) -> StudentError:
    """An error reply: every field is the worker's claim, so each is checked and bounded."""
    if type(error) is not dict:
        return StudentError("crash", f"the worker sent a malformed error during {ctx.subject}", output=output)
    kind = error.get("kind")
    kind_type = safe_name(error.get("type"), "Exception")
    message = one_line(error.get("message"), 200)
    file = error.get("file")
    file = file if isinstance(file, str) and file.endswith(".py") and file[:-3] in files else None
    line = error.get("line") if type(error.get("line")) is int and 0 < error.get("line") < 10**7 else None
    where = f" ({file}, line {line})" if file and line else ""
    described = f"{kind_type}: {message}" if message else kind_type
    module_file = f"{ctx.module}.py"
    if kind == "syntax":
        at = f"{file or module_file}" + (f" line {line}" if line else "")
        reason = f"{at}: {described}"
    elif kind == "import" and error.get("why") == "taken":
        reason = f"{module_file} has the name of a library module the grader needs; rename it"
    elif kind == "import" or (kind == "exception" and ctx.importing):
        kind, reason = "import", f"importing {module_file} raised {described}{where}"
    elif kind == "missing" and ctx.importing:
        reason = f"the submission has no {module_file}"
    elif kind == "missing":
        found = error.get("type")
        reason = (f"{ctx.module}.{ctx.function} is {_a(safe_name(found))}, not a function" if found
                  else f"{module_file} defines no function {ctx.function}")
    elif kind == "exception":
        reason = f"{ctx.subject} raised {described}{where}"
    elif kind == "exit":
        code = error.get("code")
        code = code if code is None or type(code) is int else one_line(str(code), 60)
        reason = (f"{module_file} called sys.exit({code!r}) while being imported" if ctx.importing
                  else f"{ctx.subject} called sys.exit({code!r})")
    elif kind == "memory":
        reason = f"{ctx.doing} ran out of memory (limit {memory_mb} MB)"
    elif kind == "bad_value" and not ctx.importing:
        what = safe_name(error.get("what"), "value")
        at = one_line(error.get("where"), 60)
        at = f" (at {at})" if at else ""
        why = one_line(error.get("why"), 200)
        reason = (f"{ctx.subject} returned {_a(what)}{at}: {why}" if why
                  else f"{ctx.subject} returned {_a(what)}{at}, expected arrays or numbers")
    else:
        kind, reason = "crash", f"the worker rejected the request for {ctx.subject}"
    return StudentError(kind, reason, output=output)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


__all__ = ["Context", "from_death", "from_reply"]
