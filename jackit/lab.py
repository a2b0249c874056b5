"""`jackit lab`: the command that opens the student workspace in JupyterLab, at the exercise notebooks."""

from __future__ import annotations

import importlib.util
import os
import sys

from jackit.course import Course


class LabError(RuntimeError):
    """JupyterLab cannot be started; the message says what to install."""


def lab_command(*, course: Course, port: int | None = None) -> list[str]:
    """The command line of a JupyterLab server on the course folder that opens exercises/notebooks/."""
    if importlib.util.find_spec("jupyterlab") is None:
        raise LabError("JupyterLab is not installed here: pip install 'jackit[notebook]' (or: pip install "
                       "'jupyterlab>=4.2' matplotlib)")
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={course.root}",
               "--LabApp.default_url=/lab/tree/exercises/notebooks"]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # a container's only user is often root; Jupyter refuses it otherwise
    return command
