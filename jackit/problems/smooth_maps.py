"""Smooth nonlinear maps R^n → R^m with their exact Jacobians, for linearization and Taylor tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jackit.problems import Problem, as_float_array, register


@register
@dataclass(frozen=True, eq=False)
class TanhNetwork(Problem):
    """f(x) = W2 tanh(W1 x + c): one hidden layer of h tanh units, smooth and curved everywhere.

    The Jacobian is J(x) = W2 diag(1 − tanh²(W1 x + c)) W1, shape (m, n). Both methods accept a
    batch of points, x of shape S + (n,), and return S + (m,) and S + (m, n).
    """

    W1: np.ndarray
    """(h, n): input weights."""
    c: np.ndarray
    """(h,): hidden biases (keep W1 x + c of order 1: tanh is nearly linear near 0, flat far away)."""
    W2: np.ndarray
    """(m, h): output weights."""

    def value(self, x):
        hidden = np.tanh(as_float_array(x) @ self.W1.T + self.c)
        return hidden @ self.W2.T

    def jacobian(self, x):
        slope = 1.0 - np.tanh(as_float_array(x) @ self.W1.T + self.c) ** 2   # S + (h,)
        return np.einsum("mh,...h,hn->...mn", self.W2, slope, self.W1)
