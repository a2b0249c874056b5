"""The `student` fixture: the student's module seen from the trusted grader.

`student.polar_jacobian(r, theta)` sends the call to the sandboxed worker of this submission and
returns plain, validated values. Nothing of the student's runs in this process.
"""

from __future__ import annotations

from typing import Any, Protocol

from jackit.engine import StudentError


class Session(Protocol):
    def call(self, module: str, function: str, args: tuple = (), kwargs: dict | None = None,
             timeout: float | None = None) -> Any: ...


class StudentModule:
    """Attribute access gives a remote function; `module(name)` reaches another student module."""

    def __init__(self, session: Session, name: str, poisoned: dict[tuple[str, str], StudentError]):
        self._session, self._name, self._poisoned = session, name, poisoned

    def module(self, name: str) -> "StudentModule":
        return StudentModule(self._session, name, self._poisoned)

    def __getattr__(self, function: str) -> "RemoteFunction":
        if function.startswith("_"):
            raise AttributeError(function)
        return RemoteFunction(self._session, self._name, function, self._poisoned)

    def __repr__(self) -> str:
        return f"<student module {self._name}>"


class RemoteFunction:
    def __init__(self, session: Session, module: str, function: str,
                 poisoned: dict[tuple[str, str], StudentError]):
        self._session, self._module, self._function, self._poisoned = session, module, function, poisoned

    def __call__(self, *args, **kwargs):
        key = (self._module, self._function)
        if key in self._poisoned:
            # A function that timed out once is not waited for again: the rest of the tests still run.
            raise self._poisoned[key]
        try:
            return self._session.call(self._module, self._function, args=args, kwargs=kwargs)
        except StudentError as err:
            if err.kind == "timeout":
                self._poisoned[key] = err
            raise
