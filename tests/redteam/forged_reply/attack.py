"""Writes garbage to the worker's socket (fd 3) before returning: the grader must reject the
malformed reply instead of reading anything from it.

Expect: crash
"""

import os


def f(x):
    os.write(3, b"JKW1\xff\xff\xff\xff garbage")
    return x
