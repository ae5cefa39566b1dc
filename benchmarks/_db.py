"""Set up Django on a throw-away benchmark database on the server of DATABASE_URL."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "huitoukan_bench"


def setup(reset: bool = True, name: str = BENCH_DB):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huitoukan.settings")
    # Throw-away keys and plain http on the loopback, for this process and the servers it starts.
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdef")
    os.environ.setdefault("FIELD_ENCRYPTION_KEY", "benchmark-only-field-key-0123456789abcdef")
    os.environ.setdefault("HTTPS", "0")
    os.environ.setdefault("DEMO", "1")  # seed_demo builds the benchmarks' data
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


def bare_group_by(campaign_id: int) -> None:
    """The roll-up benchmarks' baseline: one hand-written GROUP BY per source table, per village."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""SELECT unit_id, template_id, status, is_key, count(*) FROM checklists_submission
                          WHERE campaign_id = %s GROUP BY 1, 2, 3, 4""", [campaign_id])
        cursor.fetchall()
        cursor.execute("""SELECT unit_id, status, category, source, deadline < current_date, count(*)
                          FROM rectification_problem WHERE campaign_id = %s GROUP BY 1, 2, 3, 4, 5""",
                       [campaign_id])
        cursor.fetchall()
