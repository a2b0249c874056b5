"""Dereferences a null pointer with ctypes: the worker dies from SIGSEGV.

Expect: crash
"""

import ctypes


def f(x):
    return ctypes.string_at(0)
