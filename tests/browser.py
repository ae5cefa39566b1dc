"""Playwright driving Debian's chromium; never a downloaded browser build.

One browser per session (per xdist worker): starting the driver and chromium costs about
1.7 s, paid once. Each test opens its own pages or contexts, closed after the test. While Playwright's
sync API is started, its event loop counts as running in this thread, so the root conftest
runs the browser tests after all others.
"""

import os
import shutil

import pytest

from conftest import unavailable

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def _chromium():
    if not shutil.which(CHROMIUM):
        unavailable("chromium is missing (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser(_chromium):
    """The session's browser; the pages and contexts a test opened are closed after it."""
    yield _chromium
    for context in _chromium.contexts:
        context.close()
