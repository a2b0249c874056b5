"""The submission holds numpy.py next to this module; `import numpy` must still give the real numpy.
f returns the real numpy's sum of x.

Expect: value
"""

import numpy as np


def f(x):
    return float(np.sum(np.asarray(x, dtype=np.float64)))
