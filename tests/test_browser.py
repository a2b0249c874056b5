"""A student's afternoon in JupyterLab, in a real headless Chromium.

`jackit lab`'s server runs on a copy of the student workspace (course.toml and exercises/); the browser
opens the first exercise notebook from the file browser, runs every cell on the unfinished stub,
then again after the solution is saved over the stub (the notebook's autoreload picks it up).
Needs JupyterLab, matplotlib and playwright in the environment and Debian's `chromium`
(never `playwright install`); where they are missing the test is skipped, except in CI, where it fails.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from jackit.course import load_course
from jackit.lab import LabError, lab_command

NOTEBOOK = "polar_jacobian"
SETTINGS = {  # JupyterLab user settings: every cell in the page, no news or update pop-ups
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
}


def require(condition: bool, why: str) -> None:
    """Skip without the browser tooling, but fail in CI, which installs it."""
    if not condition:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(why)


@pytest.fixture
def workspace(root, tmp_path) -> Path:
    """A copy of what a student works in: course.toml and exercises/ (stubs, public tests, notebooks)."""
    folder = tmp_path / "workspace"
    folder.mkdir()
    shutil.copy(root / "course.toml", folder / "course.toml")
    shutil.copytree(root / "exercises", folder / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def lab(workspace, tmp_path):
    """`jackit lab`'s JupyterLab on the workspace, private to this test: (base URL, token)."""
    port = free_port()
    try:
        command = lab_command(course=load_course(workspace / "course.toml", check_files=False), port=port)
    except LabError as err:
        require(False, str(err))
    token = secrets.token_hex(16)
    home = tmp_path / "jupyter"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "IPYTHONDIR": str(home / "ipython"),
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # the checks' pytest runs skip hypothesis, as a student's would
    for name, values in SETTINGS.items():
        (home / "settings" / name).parent.mkdir(parents=True, exist_ok=True)
        (home / "settings" / name).write_text(json.dumps(values))
    command += ["--no-browser", "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}"]
    log = (tmp_path / "jupyterlab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, (tmp_path / "jupyterlab.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "JupyterLab did not answer within 90 s"
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def page(tmp_path):
    """A page of headless Chromium (the system's), 1400 × 1000."""
    from jackit.render.screenshot import chromium_path, launch

    require(chromium_path() is not None, "no Chromium: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed: pip install playwright (no `playwright install`)")

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


RAN_EVERY_CELL = """(after) => {
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
    const numbers = prompts.map(p => (p.textContent.match(/\\[(\\d+)\\]/) || [])[1]);
    return prompts.length > 0 && numbers.every(n => n !== undefined && Number(n) > after);
}"""


def run_all_cells(page, *, after: int) -> str:
    """Run > Run All Cells, wait until every code cell has an execution count above `after`; the outputs' text."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(RAN_EVERY_CELL, arg=after, timeout=150_000)
    return "\n".join(page.locator(".jp-Notebook .jp-OutputArea-output").all_inner_texts())


def code_cells(page) -> int:
    return page.locator(".jp-Notebook .jp-CodeCell").count()


def test_a_student_runs_the_notebook_before_and_after_solving(lab, page, workspace, root, tmp_path):
    """In JupyterLab, does the notebook say "not started" on the stub, and "done" with plots once solved?"""
    base, token = lab
    page.goto(f"{base}/?token={token}")  # `jackit lab` opens the file browser at exercises/notebooks
    page.locator(".jp-DirListing-itemName", has_text=f"{NOTEBOOK}.ipynb").first.dblclick(timeout=60_000)
    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=60_000)
    page.wait_for_function("() => document.body.innerText.includes('Idle')", timeout=60_000)  # the kernel is up

    before = run_all_cells(page, after=0)
    page.screenshot(path=str(tmp_path / "notebook-unsolved.png"), full_page=True)
    assert "○ polar_jacobian: not started — 0/8 checks pass" in before
    assert "TODO(polar_jacobian): not implemented yet — polar_jacobian() in polar_jacobian.py" in before
    assert "… not implemented yet: polar_jacobian() in polar_jacobian.py" in before
    assert "Traceback" not in before
    assert page.locator(".jp-Notebook .jp-OutputArea-output img").count() >= 1  # the grid needs no student code

    solution = (root / "solutions" / f"{NOTEBOOK}.py").read_text()
    (workspace / "exercises" / f"{NOTEBOOK}.py").write_text(solution)  # as if saved from the editor
    after = run_all_cells(page, after=code_cells(page))  # the same kernel: autoreload brings the new code in
    page.screenshot(path=str(tmp_path / "notebook-solved.png"), full_page=True)
    assert "✓ polar_jacobian: done — 8/8 checks pass" in after
    assert "✓ polar_jacobian, part jacobian: done — 3/3 checks pass" in after
    assert "not implemented yet" not in after and "Traceback" not in after
    assert page.locator(".jp-Notebook .jp-OutputArea-output img").count() >= 4
