"""Replaces builtins (isinstance, len, type, repr) for the whole worker process while being imported,
hoping to break the worker's own checks. The worker restores the builtins after student code runs,
so f still returns its (correct) value, 2 * x, as a plain array.

Expect: value
"""

import builtins

import numpy as np

builtins.isinstance = lambda *args: True
builtins.len = lambda *args: 0
builtins.type = lambda *args: float
builtins.repr = lambda *args: "1.0"


def f(x):
    return 2.0 * np.asarray(x, dtype=np.float64)
