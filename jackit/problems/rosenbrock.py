"""Rosenbrock's banana valley f(x, y) = (a − x)² + b (y − x²)², minimum at (a, a²)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jackit.problems import Problem, as_float_array, register


@register
@dataclass(frozen=True, eq=False)
class Rosenbrock(Problem):
    a: float = 1.0
    b: float = 100.0

    def value(self, x):
        x0, x1 = as_float_array(x)
        return float((self.a - x0) ** 2 + self.b * (x1 - x0**2) ** 2)

    def grad(self, x):
        x0, x1 = as_float_array(x)
        return np.array([-2 * (self.a - x0) - 4 * self.b * x0 * (x1 - x0**2), 2 * self.b * (x1 - x0**2)])

    def hess(self, x):
        x0, x1 = as_float_array(x)
        return np.array([[2 - 4 * self.b * (x1 - 3 * x0**2), -4 * self.b * x0], [-4 * self.b * x0, 2 * self.b]])

    def minimizer(self):
        return np.array([self.a, self.a**2])
