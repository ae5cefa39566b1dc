"""Set up Django on a throw-away benchmark database on the server of DATABASE_URL."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "huitoukan_bench"


def setup(reset: bool = True, name: str = BENCH_DB):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huitoukan.settings")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (postgres://user@host:port/db).")
    import psycopg2

    if reset:
        admin = psycopg2.connect(url)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
            cursor.execute(f"CREATE DATABASE {name}")
        admin.close()
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
