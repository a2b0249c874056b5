"""A fork bomb: every process forks forever. The process limit bounds it, the timeout ends it,
and every process it made is killed before the next session.

Expect: timeout
"""

import os


def f(x):
    while True:
        try:
            os.fork()
        except OSError:
            pass
