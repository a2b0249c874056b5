"""Black-box affine maps x ↦ A x + b, seen only through their action (forward) or their VJP (reverse)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jackit.problems import Problem, as_float_array, register


@register
@dataclass(frozen=True, eq=False)
class AffineMap(Problem):
    A: np.ndarray
    """(m, n): the Jacobian at every point."""
    b: np.ndarray
    """(m,)"""

    def apply(self, x):
        return self.A @ as_float_array(x) + self.b

    def vjp(self, v):
        """vᵀ J = Aᵀ v, shape (n,)."""
        return self.A.T @ as_float_array(v)
