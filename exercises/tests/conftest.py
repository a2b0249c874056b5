"""Makes `pytest exercises/` report in plain words. Nothing here to edit."""

from jackit.selfcheck import exercise, pytest_addoption, pytest_runtest_makereport, tol  # noqa: F401
