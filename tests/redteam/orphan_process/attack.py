"""Starts a background process that outlives the call (double fork, new session) and returns at
once. The process must not survive the session.

Expect: value
"""

import os
import time


def f(x):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            while True:
                time.sleep(0.1)
        os._exit(0)
    os.wait()
    return x
