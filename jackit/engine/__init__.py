"""The sandboxed worker layer: student code runs in confined workers forked from a pre-imported zygote.

    from jackit.engine import Sandbox, StudentError, sandbox_level

    sandbox = Sandbox(limits, slot=0)            # limits: jackit.course.Limits
    with sandbox.session(submission_dir) as s:
        value = s.call("polar_jacobian", "polar_jacobian", args=(r, theta))
    sandbox.close()

Grader side: `sandbox` (the API above), `channel` (I/O with one worker under a deadline),
`launcher` (starting and talking to the zygote), `levels` (which isolation the machine offers, the
zygote's command line and bubblewrap view), `slots` (one uid and lock per parallel sandbox),
`submission` (copying the files), `reasons` (one line for the student). Shared: `wire` (the frame
and value format), `control` (grader <-> zygote messages), `errors`. Sandbox side: `zygote` (the
trusted, pre-imported forking parent), `worker` (confinement and the request loop, in the forked
child), `confine` (the kernel calls).
"""

from jackit.engine.errors import KINDS, SandboxError, SandboxUnavailable, StudentError
from jackit.engine.levels import LEVELS, level_warning, sandbox_level
from jackit.engine.sandbox import Sandbox, Session

__all__ = ["KINDS", "LEVELS", "Sandbox", "SandboxError", "SandboxUnavailable", "Session", "StudentError",
           "level_warning", "sandbox_level"]
