"""Quadratic objectives f(x) = ½ xᵀA x − bᵀx, the model problem of descent and Newton's method."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jackit.problems import Problem, as_float_array, register


@register
@dataclass(frozen=True, eq=False)
class Quadratic(Problem):
    A: np.ndarray
    """Symmetric positive definite (n, n): the Hessian."""
    b: np.ndarray
    """(n,): the minimum is at A⁻¹ b."""

    def value(self, x):
        x = as_float_array(x)
        return float(0.5 * x @ self.A @ x - self.b @ x)

    def grad(self, x):
        return self.A @ as_float_array(x) - self.b

    def hess(self, x):
        return np.array(self.A, dtype=np.float64)

    def minimizer(self):
        return np.linalg.solve(self.A, self.b)

    def smoothness(self):
        """L, the largest eigenvalue of A: fixed-step descent is stable for η < 2/L."""
        return float(np.linalg.eigvalsh(self.A)[-1])
