"""Sleeps for ever while being imported: the import times out, and later calls into the module fail
at once with the same reason instead of waiting again.

Expect: timeout
"""

import time

time.sleep(3600)


def f(x):
    return x
