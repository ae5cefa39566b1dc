"""docker-compose health checks: `python scripts/healthcheck.py web|worker|beat`; exit 0 when healthy.

web     /health/ answers and the database is reachable (Redis down degrades the site, it does not stop it);
worker  the worker on this host answers a ping through the broker;
beat    the schedule file was written in the last ten minutes (beat syncs it every few minutes).
"""

import glob
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.request


def web() -> bool:
    host = (os.environ.get("ALLOWED_HOSTS", "localhost").split(",") or ["localhost"])[0].lstrip(".") or "localhost"
    url = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/health/")
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        body = urllib.request.urlopen(request, timeout=5).read()
    except urllib.error.HTTPError as error:  # 503: something is degraded; the page still tells what
        body = error.read()
    return json.loads(body).get("database") == "ok"


def worker() -> bool:
    sys.path.insert(0, os.getcwd())
    from huitoukan.celery import app

    return bool(app.control.ping(destination=[f"celery@{socket.gethostname()}"], timeout=5))


def beat() -> bool:
    files = glob.glob(os.environ.get("BEAT_SCHEDULE_FILE", "/tmp/celerybeat-schedule") + "*")
    return any(time.time() - os.path.getmtime(f) < 600 for f in files)


if __name__ == "__main__":
    try:
        healthy = {"web": web, "worker": worker, "beat": beat}[sys.argv[1]]()
    except Exception as exc:  # noqa: BLE001 - a health check reports, it does not raise
        print(f"unhealthy: {exc.__class__.__name__}: {exc}")
        sys.exit(1)
    sys.exit(0 if healthy else 1)
