"""Patches numpy's comparison functions to always agree, then returns a wrong value.

Harmless: the verdict is computed in the grader's own process, whose numpy is untouched.
f returns x + 1 (wrong) as a plain array.

Expect: value
"""

import numpy as np

np.allclose = lambda *args, **kwargs: True
np.isclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
np.linalg.norm = lambda *args, **kwargs: 0.0


def f(x):
    return np.asarray(x, dtype=np.float64) + 1.0
