"""A correct, well-behaved submission: the sandbox must still grade it after any attack.

Expect: value
"""

import numpy as np


def f(x):
    return 2.0 * np.asarray(x, dtype=np.float64)
