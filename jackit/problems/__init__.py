"""The trusted catalogue of callbacks that student functions may receive.

A student's `gradient_descent(grad, x0, ...)` needs a gradient to call. The grader cannot send a
Python function across the trust boundary, and must not run the student's code in its own process,
so callbacks are named: a registered `Problem` (a frozen dataclass of arrays and numbers) and a
method name. In the grader a `Callback` is an ordinary callable; on the wire it is
`{problem, method, params}`; the worker rebuilds it from this same catalogue.

Problem families live one per module in this package and are discovered, so adding one edits no list.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass, fields
from typing import Any, Callable

import numpy as np

_REGISTRY: dict[str, type["Problem"]] = {}


class Problem:
    """Base of catalogue entries. Subclasses are frozen dataclasses whose fields are arrays or numbers."""

    def params(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def callback(self, method: str) -> "Callback":
        if not callable(getattr(self, method, None)) or method.startswith("_"):
            raise AttributeError(f"{type(self).__name__} has no public method {method!r}")
        return Callback(problem=type(self).__name__, method=method, params=self.params())


def register(cls: type[Problem]) -> type[Problem]:
    """Add a Problem class to the catalogue under its class name."""
    if cls.__name__ in _REGISTRY and _REGISTRY[cls.__name__] is not cls:
        raise ValueError(f"two problems are named {cls.__name__}")
    _REGISTRY[cls.__name__] = cls
    return cls


@functools.cache
def catalogue() -> dict[str, type[Problem]]:
    """Every registered problem, after importing every module of this package (once)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return dict(_REGISTRY)


@dataclass(frozen=True, eq=False)
class Callback:
    """A named, rebuildable callable: `problem(**params).method`."""

    problem: str
    method: str
    params: dict[str, Any]

    def resolve(self) -> Callable:
        bound = self.__dict__.get("_bound")
        if bound is None:
            bound = self._build()
            object.__setattr__(self, "_bound", bound)  # built once: callbacks sit in students' inner loops
        return bound

    def _build(self) -> Callable:
        cls = catalogue().get(self.problem)
        if cls is None:
            raise KeyError(f"no problem {self.problem!r} in the catalogue")
        if self.method.startswith("_"):
            raise AttributeError(f"{self.problem}.{self.method} is not public")
        bound = getattr(cls(**self.params), self.method)
        if not callable(bound):
            raise AttributeError(f"{self.problem}.{self.method} is not a method")
        return bound

    def __call__(self, *args, **kwargs):
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<callback {self.problem}.{self.method}>"


def as_float_array(x) -> np.ndarray:
    """Callbacks accept what student code passes (lists, float32, 0-d) and compute in float64."""
    return np.asarray(x, dtype=np.float64)


__all__ = ["Callback", "Problem", "as_float_array", "catalogue", "register"]
