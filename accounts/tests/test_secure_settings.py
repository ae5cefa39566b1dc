"""Secure defaults: the settings refuse to load without their keys, production settings pass
`check --deploy`, HTTPS=0 turns off the redirect, HSTS and secure cookies, every page carries a CSP.

Each settings case runs in a fresh interpreter with only the environment given here.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3J9-vQ2_pL8xZ4mN7bR1cT6yW0sD5fG-hJ2kL9pQ3rS8tU1vX4zA7bC0dE6fH"
PRODUCTION = {
    "SECRET_KEY": STRONG_KEY,
    "FIELD_ENCRYPTION_KEY": "another-key-used-only-for-id-numbers-0123456789",
    "ALLOWED_HOSTS": "huitoukan.example.gov.cn",
}
SHOW = (
    "from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k) for k in ["
    "'DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD',"
    "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_AGE', 'API_TOKEN_TTL_DAYS', 'AXES_FAILURE_LIMIT']}"
    " | {'AXES_COOLOFF_MINUTES': s.AXES_COOLOFF_TIME.total_seconds() / 60}))"
)


def run(args, **env):
    """A Python process in the project with this environment and no other."""
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "DJANGO_SETTINGS_MODULE": "huitoukan.settings"}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=120)


def settings_with(**env) -> dict:
    done = run(["-c", "import django; django.setup(); " + SHOW], **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "env, missing",
    [
        ({}, "SECRET_KEY"),
        ({"FIELD_ENCRYPTION_KEY": "x" * 40}, "SECRET_KEY"),
        ({"SECRET_KEY": STRONG_KEY}, "FIELD_ENCRYPTION_KEY"),  # no fallback to SECRET_KEY
        ({"SECRET_KEY": STRONG_KEY, "FIELD_ENCRYPTION_KEY": "  "}, "FIELD_ENCRYPTION_KEY"),
    ],
)
def test_settings_refuse_to_load_without_both_keys(env, missing):
    done = run(["-c", "import django; django.setup()"], **env)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"django.core.exceptions.ImproperlyConfigured: {missing} is not set: ")
    assert f"/ 未设置环境变量 {missing}：" in last


def test_production_settings_pass_check_deploy_without_a_warning():
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_plain_http_settings_are_what_check_deploy_warns_about():
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION, HTTPS="0")
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr, warning


def test_production_defaults_are_secure():
    assert settings_with(**PRODUCTION) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_AGE": 8 * 3600,
        "API_TOKEN_TTL_DAYS": 30,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_MINUTES": 30,
    }


def test_https_0_turns_off_the_redirect_hsts_and_secure_cookies():
    plain = settings_with(**PRODUCTION, HTTPS="0")
    assert (plain["SECURE_SSL_REDIRECT"], plain["SECURE_HSTS_SECONDS"]) == (False, 0)
    assert (plain["SESSION_COOKIE_SECURE"], plain["CSRF_COOKIE_SECURE"]) == (False, False)
    assert (plain["SECURE_HSTS_INCLUDE_SUBDOMAINS"], plain["SECURE_HSTS_PRELOAD"]) == (False, False)


def test_each_setting_is_settable_by_env():
    tuned = settings_with(
        **PRODUCTION, DEBUG="1", SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="3600", SECURE_COOKIES="0",
        SESSION_COOKIE_AGE="1800", API_TOKEN_TTL_DAYS="7", LOGIN_FAILURE_LIMIT="3", LOGIN_LOCKOUT_MINUTES="60",
    )
    assert tuned["DEBUG"] is True
    assert (tuned["SECURE_SSL_REDIRECT"], tuned["SECURE_HSTS_SECONDS"], tuned["SESSION_COOKIE_SECURE"]) == (False, 3600, False)
    assert (tuned["SESSION_COOKIE_AGE"], tuned["API_TOKEN_TTL_DAYS"]) == (1800, 7)
    assert (tuned["AXES_FAILURE_LIMIT"], tuned["AXES_COOLOFF_MINUTES"]) == (3, 60)


CSP = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self'",
    "font-src": "'self'", "connect-src": "'self'", "object-src": "'none'", "base-uri": "'self'",
    "form-action": "'self'", "frame-ancestors": "'none'",
}


def policy(response) -> dict:
    directives = (d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


def test_every_page_carries_the_content_security_policy(client, county_office):
    assert policy(client.get(reverse("login"))) == CSP
    client.force_login(county_office)
    for url in (reverse("home"), reverse("rectification:ledger"), reverse("accounts:password_change")):
        assert policy(client.get(url)) == CSP, url


def test_no_page_template_holds_inline_script_or_style():
    """The CSP allows no inline code: scripts and styles are static files."""
    import re

    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts and inline.search(path.read_text())
    ]
    assert offenders == []


def test_the_tests_themselves_run_on_plain_http(client, settings):
    assert settings.SECURE_SSL_REDIRECT is False and settings.SESSION_COOKIE_SECURE is False
    assert client.get(reverse("login")).status_code == 200


def test_with_https_pages_redirect_to_https_but_the_health_probe_does_not(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("login"))
    assert response.status_code == 301 and response["Location"] == "https://testserver" + reverse("login")
    assert client.get(reverse("health")).status_code == 200
