"""Nonlinear least-squares curve fits: data (t, y), a smooth model, its residuals and their Jacobian."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jackit.problems import Problem, as_float_array, register


@register
@dataclass(frozen=True, eq=False)
class ExponentialDecayFit(Problem):
    """Fit y ≈ a·exp(−b t) + c to m data points by least squares, parameters p = (a, b, c).

    The residuals are model minus data, r(p) = a·exp(−b t) + c − y (shape (m,)), and the Jacobian
    is that of the residuals, J(p) = ∂r/∂p (shape (m, 3)), columns (∂/∂a, ∂/∂b, ∂/∂c):

        J[i] = (exp(−b tᵢ), −a tᵢ exp(−b tᵢ), 1).

    The objective is f(p) = ½‖r(p)‖², with gradient ∇f = Jᵀr. Keep t of order 1 and b > 0 so that
    the columns stay distinct (J well conditioned).
    """

    t: np.ndarray
    """(m,): the sample times."""
    y: np.ndarray
    """(m,): the measured values."""

    def model(self, p):
        a, b, c = as_float_array(p)
        return a * np.exp(-b * self.t) + c

    def residuals(self, p):
        return self.model(p) - self.y

    def jacobian(self, p):
        a, b, _ = as_float_array(p)
        decay = np.exp(-b * self.t)
        return np.stack([decay, -a * self.t * decay, np.ones_like(self.t)], axis=-1)

    def value(self, p):
        r = self.residuals(p)
        return float(0.5 * r @ r)

    def grad(self, p):
        return self.jacobian(p).T @ self.residuals(p)
