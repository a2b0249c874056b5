"""The sandboxed worker layer: student code runs in confined workers forked from a pre-imported zygote.

    from jackit.engine import Sandbox, StudentError, sandbox_level

    sandbox = Sandbox(limits, slot=0)            # limits: jackit.course.Limits
    with sandbox.session(submission_dir) as s:
        value = s.call("polar_jacobian", "polar_jacobian", args=(r, theta))
    sandbox.close()

Modules: `wire` (the frame and value format), `channel` (the grader's I/O with one worker),
`control` (grader <-> zygote messages), `zygote` (the trusted forking parent), `worker` (confinement
and the request loop, in the forked child), `confine` (the kernel calls), `levels` (which isolation
the machine offers, and the zygote's command line), `sandbox` (the API above), `errors`.
"""

from jackit.engine.errors import KINDS, SandboxError, SandboxUnavailable, StudentError
from jackit.engine.levels import LEVELS, level_warning, sandbox_level
from jackit.engine.sandbox import Sandbox, Session

__all__ = ["KINDS", "LEVELS", "Sandbox", "SandboxError", "SandboxUnavailable", "Session", "StudentError",
           "level_warning", "sandbox_level"]
