"""Returns a complex array: only float, integer and boolean arrays may cross.

Expect: bad_value
"""

import numpy as np


def f(x):
    return np.array([1 + 2j, 3 - 4j])
