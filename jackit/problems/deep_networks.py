"""A deep tanh network linearised at one input, seen only through its JVP and VJP.

The network is h_0 = x, h_l = tanh(W_l h_{l−1}) for l = 1, …, L, with W_l of shape (d_l, d_{l−1}).
Its Jacobian at the point x is the product J = J_L ⋯ J_1 of the layer Jacobians
J_l = diag(1 − h_l²) W_l, shape (d_L, d_0). A student function that estimates a property of J
(its spectral norm, say) receives the two callbacks `jvp` (u ↦ J u) and `vjp` (v ↦ Jᵀ v), and never
the matrix: each costs one pass through the layers, as forward- and reverse-mode autodiff do.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from jackit.problems import Problem, as_float_array, register


@register
@dataclass(frozen=True, eq=False)
class DeepTanhNetwork(Problem):
    """h_l = tanh(W_l h_{l−1}), linearised at `point`. Build it with `DeepTanhNetwork.from_layers`."""

    widths: np.ndarray
    """(L + 1,) integers: d_0 (the input), d_1, …, d_L (the output)."""
    weights: np.ndarray
    """(Σ_l d_l d_{l−1},): W_1, …, W_L flattened in row-major order and concatenated."""
    point: np.ndarray
    """(d_0,): the input x at which the network is linearised."""

    @classmethod
    def from_layers(cls, weights, point) -> "DeepTanhNetwork":
        """The network with layer matrices `weights` (a sequence of (d_l, d_{l−1}) arrays) at `point`."""
        weights = [as_float_array(W) for W in weights]
        widths = [weights[0].shape[1]] + [W.shape[0] for W in weights]
        for W, d_in in zip(weights, widths[:-1]):
            if W.ndim != 2 or W.shape[1] != d_in:
                raise ValueError(f"layer of shape {W.shape} does not take {d_in} inputs")
        return cls(widths=np.array(widths, dtype=np.int64),
                   weights=np.concatenate([W.ravel() for W in weights]),
                   point=as_float_array(point).copy())

    def layers(self) -> list[np.ndarray]:
        """W_1, …, W_L, each of shape (d_l, d_{l−1})."""
        widths = [int(d) for d in self.widths]
        sizes = [d_out * d_in for d_in, d_out in zip(widths[:-1], widths[1:])]
        chunks = np.split(as_float_array(self.weights), np.cumsum(sizes)[:-1])
        return [c.reshape(d_out, d_in) for c, d_in, d_out in zip(chunks, widths[:-1], widths[1:])]

    def value(self, x):
        """h_L, the network's output at the input x (shape (d_L,))."""
        h = as_float_array(x)
        for W in self.layers():
            h = np.tanh(W @ h)
        return h

    @functools.cached_property
    def _linearisation(self) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """(W_l, 1 − h_l²) for every layer, at the point: all that J u and Jᵀ v need."""
        h, steps = as_float_array(self.point), []
        for W in self.layers():
            h = np.tanh(W @ h)
            steps.append((W, 1.0 - h**2))
        return tuple(steps)

    def jvp(self, u):
        """J u, shape (d_L,), for u of shape (d_0,): forward through the layers, J_1 first."""
        u = as_float_array(u)
        if u.shape != (int(self.widths[0]),):
            raise ValueError(f"jvp expects a vector of shape ({int(self.widths[0])},), got shape {u.shape}")
        for W, slope in self._linearisation:
            u = slope * (W @ u)
        return u

    def vjp(self, v):
        """Jᵀ v, shape (d_0,), for v of shape (d_L,): backward through the layers, J_L first."""
        v = as_float_array(v)
        if v.shape != (int(self.widths[-1]),):
            raise ValueError(f"vjp expects a vector of shape ({int(self.widths[-1])},), got shape {v.shape}")
        for W, slope in reversed(self._linearisation):
            v = W.T @ (slope * v)
        return v

    def jacobian(self):
        """The full Jacobian J = J_L ⋯ J_1 at the point, shape (d_L, d_0) (for checks and plots)."""
        J = np.eye(int(self.widths[0]))
        for W, slope in self._linearisation:
            J = slope[:, None] * (W @ J)
        return J
