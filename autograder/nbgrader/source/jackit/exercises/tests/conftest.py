"""Makes `pytest exercises/` report in plain words. Nothing here to edit."""

from jackit.selfcheck import (  # noqa: F401
    exercise, pytest_addoption, pytest_configure, pytest_runtest_makereport, tol)
