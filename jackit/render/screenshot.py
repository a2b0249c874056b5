"""PNG screenshots of jackit's HTML pages with headless Chromium, driven by playwright.

For `make demo` and the browser tests: a picture of what a student or an instructor sees. Uses a
system Chromium (Debian's `chromium` package; `JACKIT_CHROMIUM` names another binary), never a
browser downloaded by `playwright install`. The pages need no script and no network, so both are
switched off.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


class ScreenshotError(Exception):
    """Headless Chromium or playwright is missing, or a page could not be loaded; one line for the user."""


def chromium_path() -> str | None:
    """The Chromium binary to drive: $JACKIT_CHROMIUM, /usr/bin/chromium, or `chromium` on the PATH."""
    candidates = [os.environ.get("JACKIT_CHROMIUM"), DEFAULT_CHROMIUM, shutil.which("chromium")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def launch(playwright):
    """A headless Chromium browser from a running `sync_playwright()`."""
    executable = chromium_path()
    if executable is None:
        raise ScreenshotError("no Chromium found: install Debian's `chromium` package or set JACKIT_CHROMIUM")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def screenshot(pages: list[tuple[Path, Path]], *, width: int = 1000) -> list[Path]:
    """Save a full-page PNG of each (html, png) pair with one browser; returns the PNG paths."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ScreenshotError("playwright is not installed (pip install playwright; no `playwright install` "
                              "needed: the system Chromium is used)") from None
    written = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
                context.route("**/*", _only_local)
                page = context.new_page()
                for html, png in pages:
                    page.goto(Path(html).resolve().as_uri(), wait_until="load")
                    Path(png).parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(png), full_page=True)
                    written.append(Path(png))
            finally:
                browser.close()
    except PlaywrightError as err:
        raise ScreenshotError(f"headless Chromium failed: {str(err).splitlines()[0]}") from None
    return written


def _only_local(route) -> None:
    """The pages are self-contained: any request that is not the file itself is refused."""
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()
