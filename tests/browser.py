"""Playwright driving Debian's chromium; never a downloaded browser build.

One browser per test module: starting the driver and chromium costs about 1.7 s, paid once per
module (most browser tests share one module). Each test's pages and contexts are closed after
it. Not per session: while Playwright's sync API is started its event loop counts as running
in this thread, and that must not reach the tests of other modules (async_to_sync refuses to run).
"""

import os
import shutil
from pathlib import Path

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


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_problems(page):
    """axe-core's critical and serious WCAG 2.1 AA violations on the page, one line each
    ("rule: selector, selector…"); an empty list when the page passes.

    axe-core comes from the npm registry (package.json, `make assets`), never from the repo."""
    if not AXE.exists():
        unavailable("axe-core is missing (make assets: npm ci)")
    if not page.evaluate("typeof window.axe") == "object":
        # A script tag with the file's text inline: the pages' CSP refuses it (no inline
        # scripts), so the text is evaluated in the page through the driver instead.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".filter(v => v.impact === 'critical' || v.impact === 'serious')"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')"
        " + (v.nodes.length > 5 ? ' … (' + v.nodes.length + ')' : ''))",
        WCAG_AA,
    )
    return found
