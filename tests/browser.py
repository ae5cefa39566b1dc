"""Playwright driving Debian's chromium; never a downloaded browser build.

One browser per session (per pytest-xdist worker): starting the driver and chromium costs about
1.7 s. Each test's pages and contexts are closed after it. Playwright's sync API marks its event
loop as running in this thread after every call it serves (`asyncio._set_running_loop`), and a
thread with a running loop makes Django's `async_to_sync` refuse to run; so every test that does
not drive the browser runs with the mark taken off, and put back after it for the next browser
test (the driver's greenlet needs it when it resumes).
"""

import asyncio
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


@pytest.fixture(autouse=True)
def _no_event_loop_outside_the_browser(request):
    if "browser" in request.fixturenames or "_chromium" in request.fixturenames:
        yield
        return
    loop = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(loop)


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


def log_in(page, url, username, password=None):
    """Signs in through the login page, as a person does, and waits for the page it leads to."""
    from django.urls import reverse

    from tests.factories import PASSWORD

    page.goto(url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password or PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def sign_in(page, url, user, *, home=True):
    """The user's session put on the page's browser context, without the login page (~1 s a test
    saved; the login page keeps browser tests of its own: the township staff's walk, CSP, axe);
    then the home page opens, where the login page leads (`home=False`: the caller opens a page)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    if isinstance(user, str):
        user = get_user_model().objects.get(username=user)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}])
    if home:
        page.goto(url + "/")
