"""Household form GET and POST under load from wrk on loopback, beside a bare Django view on the same server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python benchmarks/form_load.py [users] [seconds]

Builds 方城县 (570 villages, ~50,000 households, a campaign with its 附件1 forms) in its own
database (`huitoukan_bench_forms`), gives each of `users` (100) checkers its own village,
form and session, starts nginx and gunicorn as deployed (production settings, DEBUG off,
`gunicorn.conf.py`) on 127.0.0.1 and drives them with wrk, one connection per user, each
user starting at a random moment within the first think time:

* "users 2s": every user waits 1–3 s between requests (100 users offer ~50 requests a second;
  still far busier than people filling forms, who spend minutes on a household);
* "users 1s": 0.5–1.5 s between requests (~100 requests a second: a stress case);
* "saturated": no think time at all, each connection sends its next request as soon as the
  last one is answered: the server's throughput.

A warm-up (every worker thread connects, compiles templates and form classes) runs first
and is not counted.

Each row is run against the bare view (same middleware, session and user lookup, no work of
ours), the form page (GET) and saving a draft of the whole form (POST, answered by a redirect).
Needs wrk and nginx (apt-get install wrk nginx-light) and gunicorn (a dependency).

Each row also prints the time gunicorn itself spent on the requests (its access log): the
client's latency minus it is time spent queueing.

Settings by environment: BENCH_PROXY=none drops nginx (wrk then talks to gunicorn itself:
`benchmarks/load/nginx.conf` is the proxy otherwise); BENCH_WORKERS, BENCH_THREADS and
BENCH_WORKER_CLASS (sync, gthread) override gunicorn.conf.py; BENCH_ROWS="users 2s/form GET,..."
runs only those rows; BENCH_REUSE=1 reuses the database and sessions of the last run.
"""

import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import _db

PORT = 8765  # what wrk talks to: nginx, or gunicorn itself with BENCH_PROXY=none
APP_PORT = 8766
# gunicorn takes its settings from gunicorn.conf.py, as deployed; these override them to compare
WORKERS = os.environ.get("BENCH_WORKERS", "")
THREADS = os.environ.get("BENCH_THREADS", "")
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "")
PROXY = "" if os.environ.get("BENCH_PROXY", "nginx") == "none" else "nginx"
HERE = Path(__file__).resolve().parent
RUN_DIR = Path(tempfile.mkdtemp(prefix="huitoukan-form-load-"))
ACCESS_LOG = RUN_DIR / "access.log"
PEOPLE = Path(tempfile.gettempdir()) / "huitoukan_bench_forms_people.json"  # for BENCH_REUSE=1


def prepare(users: int) -> list[dict]:
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdef")  # sessions made here
    os.environ["DEBUG"] = "false"  # as the server: collectstatic writes the manifest it serves from
    _db.setup(name="huitoukan_bench_forms")
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string

    from accounts.services import grant_role
    from campaigns.services import build_work_list
    from checklists.models import ChecklistTemplate, Submission
    from tests.factories import make_campaign
    from units.models import AdminUnit

    call_command("load_divisions", str(_db.ROOT / "fixtures" / "divisions_411322.csv"), stdout=open("/dev/null", "w"))
    call_command("load_checklists", stdout=open("/dev/null", "w"))
    call_command("collectstatic", "--noinput", stdout=open("/dev/null", "w"))  # DEBUG off serves the manifest
    call_command("seed_demo", "--county", "411322", "--households-per-village", "88", "--no-accounts",
                 stdout=open("/dev/null", "w"))
    county = AdminUnit.objects.get(code="411322")
    password = secrets.token_urlsafe(24)  # passes the validators; sessions are made directly, nobody logs in
    owner = grant_role(username="bench_county", role="county_office", unit_code="411322", password=password).user
    template = ChecklistTemplate.objects.filter(code="fangcheng-household").order_by("-version").first()
    campaign = make_campaign(county, [template], by=owner, target_kinds=["poverty_exited", "monitored",
                                                                         "ten_groups", "low_income", "general"])
    build_work_list(campaign)
    villages = list(AdminUnit.objects.in_subtree("411322").villages().order_by("code")
                    .values_list("code", flat=True))[:users]
    people = []
    for n, village in enumerate(villages, start=1):
        user = grant_role(username=f"bench_checker_{n:03d}", role="checker", unit_code=village,
                          password=password).user
        form = Submission.objects.filter(campaign=campaign, unit_id=village).order_by("pk").first()
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"  # the backend that loads users (not axes' gate)
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append({"session": session.session_key, "csrf": _get_new_csrf_string(), "form": form.pk,
                       "version": form.version, "seed": n})
    print(f"data: {Submission.objects.filter(campaign=campaign).count():,} household forms; {len(people)} checkers, "
          f"each with a session and a form of their own village")
    return people


def form_body() -> str:
    from checklists.tests.conftest import fangcheng_household_answers

    return urllib.parse.urlencode(fangcheng_household_answers())


def start_servers() -> list[subprocess.Popen]:
    app_port = APP_PORT if PROXY else PORT
    servers = [start_gunicorn(app_port)]
    if PROXY == "nginx":
        servers.append(start_nginx(app_port))
    wait_until_up(servers)
    return servers


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.load.settings", "DEBUG": "false",
           "SECURE_COOKIES": "false", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING",
           "SECRET_KEY": os.environ["SECRET_KEY"]}
    overrides = []
    for flag, value in (("-w", WORKERS), ("-k", WORKER_CLASS), ("--threads", THREADS)):
        overrides += [flag, value] if value else []
    # %(D)s (µs) is the time gunicorn spent on the request: the client's latency minus it is queueing
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "huitoukan.wsgi", "-c", str(_db.ROOT / "gunicorn.conf.py"),
         "-b", f"127.0.0.1:{port}", *overrides, "--keep-alive", "30", "--log-level", "warning",
         "--access-logfile", str(ACCESS_LOG), "--access-logformat", "%(U)s %(D)s"],
        cwd=_db.ROOT, env=env)


def start_nginx(app_port: int) -> subprocess.Popen:
    """nginx in front, as deployed: it keeps the clients' idle connections so gunicorn's threads never wait on them."""
    conf = (HERE / "load" / "nginx.conf").read_text().replace("RUN_DIR", str(RUN_DIR))
    conf = conf.replace("LISTEN_PORT", str(PORT)).replace("APP_PORT", str(app_port))
    (RUN_DIR / "nginx.conf").write_text(conf)
    return subprocess.Popen(["nginx", "-c", str(RUN_DIR / "nginx.conf"), "-p", str(RUN_DIR), "-g", "daemon off;"])


def gunicorn_shape() -> str:
    """What gunicorn runs with: gunicorn.conf.py, and the BENCH_ overrides."""
    namespace = {}
    exec((_db.ROOT / "gunicorn.conf.py").read_text(), namespace)
    workers, kind = WORKERS or namespace["workers"], WORKER_CLASS or namespace["worker_class"]
    return f"{workers} {kind} workers" + (f" x {THREADS or 1} threads" if kind == "gthread" else "")


def wait_until_up(servers: list[subprocess.Popen]) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/", timeout=1)
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.2)
    stop(servers)
    sys.exit("the server did not start")


def stop(servers: list[subprocess.Popen]) -> None:
    for server in reversed(servers):
        server.terminate()
        server.wait()


def server_times(since: int) -> tuple[float, float]:
    """p50 and p95 (ms) of the time gunicorn spent on the requests logged after byte `since`."""
    with open(ACCESS_LOG, "rb") as log:
        log.seek(since)
        times = sorted(int(line.split()[1]) / 1000 for line in log if line.strip())
    if not times:
        return 0.0, 0.0
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]


def lua_value(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {lua_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua_value(v) for v in value) + "}"
    return json.dumps(value)


def run_wrk(people: list[dict], *, mode: str, path: str, body: str, think: tuple[int, int], seconds: int) -> dict:
    prelude = (f"USERS = {lua_value(people)}\nMODE = {json.dumps(mode)}\nPATH = {json.dumps(path)}\n"
               f"BODY = {json.dumps(body)}\nTHINK_MIN, THINK_MAX = {think[0]}, {think[1]}\n")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(prelude + (HERE / "load" / "users.lua").read_text())
    n = len(people)
    output = subprocess.run(["wrk", "-t", str(n), "-c", str(n), "-d", f"{seconds}s", "--timeout", "10s", "-s",
                             script.name, f"http://127.0.0.1:{PORT}"], capture_output=True, text=True, check=True)
    os.unlink(script.name)
    line = next(line for line in output.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def main():
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    if PROXY and not shutil.which("nginx"):
        sys.exit("nginx is not installed: apt-get install nginx-light (or BENCH_PROXY=none)")
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL (as in production): without it the roll-up a save schedules runs inside the request.")
    if os.environ.get("BENCH_REUSE") and PEOPLE.exists():
        os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdef")
        os.environ["DEBUG"] = "false"
        _db.setup(reset=False, name="huitoukan_bench_forms")
        people = json.loads(PEOPLE.read_text())[:users]
        refresh_versions(people)
        print(f"data: reused from the last run ({len(people)} checkers)")
    else:
        people = prepare(users)
        PEOPLE.write_text(json.dumps(people))
    body = form_body()
    from django.db import connection

    connection.close()
    servers = start_servers()
    try:
        front = "nginx, then " if PROXY else ""
        print(f"{front}gunicorn ({gunicorn_shape()}) on 127.0.0.1:{PORT}; wrk, {users} connections, {seconds} s per row")
        print("client: latency seen by wrk; server: time gunicorn spent on the request (the rest is queueing)")
        print(f"{'load':<10} {'request':<16} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'wrong':>5}"
              f" {'server p50':>10} {'server p95':>10}")
        for mode in ("get", "post"):  # warm-up, not counted
            run_wrk(people, mode=mode, path="form", body=body, think=(0, 0), seconds=5)
            time.sleep(3)
            refresh_versions(people)
        only = os.environ.get("BENCH_ROWS", "")  # e.g. "users 2s/form GET" runs that row alone
        failed = 0
        for load, think in [("users 2s", (1000, 3000)), ("users 1s", (500, 1500)), ("saturated", (0, 0))]:
            for label, mode, path in [("bare view GET", "get", "/bench/bare/"), ("form GET", "get", "form"),
                                      ("form save POST", "post", "form")]:
                if only and f"{load}/{label}" not in only.split(","):
                    continue
                logged = ACCESS_LOG.stat().st_size
                result = run_wrk(people, mode=mode, path=path, body=body, think=think, seconds=seconds)
                server_p50, server_p95 = server_times(logged)
                if mode == "post":
                    time.sleep(3)  # let the server finish the saves wrk left in flight when it stopped
                    refresh_versions(people)
                failed += result["bad_status"] + result["socket_errors"]
                print(f"{load:<10} {label:<16} {result['requests'] / result['seconds']:7.0f} {result['p50']:7.1f} "
                      f"{result['p95']:7.1f} {result['p99']:7.1f} {result['bad_status'] + result['socket_errors']:5d}"
                      f" {server_p50:10.1f} {server_p95:10.1f}")
    finally:
        stop(servers)
        shutil.rmtree(RUN_DIR, ignore_errors=True)
    if failed:  # an answer that is an error measures nothing: the figures above are not the form's
        sys.exit(f"{failed} requests failed (non-2xx/3xx or socket errors): see the server's log above")


def refresh_versions(people: list[dict]) -> None:
    """Read back where each form's version is now (wrk does not know what it left in flight)."""
    from checklists.models import Submission

    versions = dict(Submission.objects.filter(pk__in=[p["form"] for p in people]).values_list("pk", "version"))
    for person in people:
        person["version"] = versions[person["form"]]


if __name__ == "__main__":
    random.seed(1)
    main()
