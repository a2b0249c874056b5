"""The `student` fixture: the student's module seen from the trusted grader.

`student.polar_jacobian(r, theta)` sends the call to the sandboxed worker of this submission and
returns plain, validated values. Nothing of the student's runs in this process.
"""

from __future__ import annotations

from typing import Any, Protocol

from jackit.engine import StudentError
from jackit.grading.misconceptions import Call


class Session(Protocol):
    def call(self, module: str, function: str, args: tuple = (), kwargs: dict | None = None,
             timeout: float | None = None) -> Any: ...


class StudentModule:
    """Attribute access gives a remote function; `module(name)` reaches another student module.

    Every answered call is logged (arguments and returned value), so that a failed test can be
    diagnosed against the misconception catalogue afterwards.
    """

    def __init__(self, session: Session, name: str, poisoned: dict[tuple[str, str], StudentError],
                 calls: list[Call] | None = None, constants: dict | None = None):
        self._session, self._name, self._poisoned = session, name, poisoned
        self.calls: list[Call] = [] if calls is None else calls
        # Answers of calls without arguments (a symbolic derivation), asked once per exercise.
        self._constants = {} if constants is None else constants

    def module(self, name: str) -> "StudentModule":
        return StudentModule(self._session, name, self._poisoned, self.calls, self._constants)

    def __getattr__(self, function: str) -> "RemoteFunction":
        if function.startswith("_"):
            raise AttributeError(function)
        return RemoteFunction(self, function)

    def __repr__(self) -> str:
        return f"<student module {self._name}>"


class RemoteFunction:
    def __init__(self, module: StudentModule, function: str):
        self._module, self._function = module, function

    def __call__(self, *args, **kwargs):
        owner = self._module
        key = (owner._name, self._function)
        if key in owner._poisoned:
            # A function that timed out once is not waited for again: the rest of the tests still run.
            raise owner._poisoned[key]
        if not args and not kwargs and key in owner._constants:
            value = owner._constants[key]
        else:
            try:
                value = owner._session.call(owner._name, self._function, args=args, kwargs=kwargs)
            except StudentError as err:
                if err.kind == "timeout":
                    owner._poisoned[key] = err
                raise
            if not args and not kwargs:
                owner._constants[key] = value
        owner.calls.append(Call(self._function, args, kwargs, value))
        return value
