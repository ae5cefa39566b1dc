"""Playwright driving Debian's chromium; never a downloaded browser build.

One browser per test module: starting the driver and chromium costs about 1.7 s, paid once per
module (most browser tests share one module). Each test's pages and contexts are closed after
it. Not per session: while Playwright's sync API is started its event loop counts as running
in this thread, and that must not reach the tests of other modules (async_to_sync refuses to run).
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


@pytest.fixture(scope="module")
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
