"""Tries to kill its parent (the zygote), process 1, its process group and every process it may
signal. None of it may stop the sandbox. Returns {target: "killed" or the error}.

Expect: value
"""

import os
import signal


def f(x):
    results = {}
    for name, pid in (("parent", os.getppid()), ("init", 1)):
        try:
            os.kill(pid, signal.SIGKILL)
            results[name] = "killed"
        except OSError as err:
            results[name] = type(err).__name__
    return results
