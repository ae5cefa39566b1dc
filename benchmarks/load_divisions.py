"""Time `load_divisions` on all of 河南省 (55k rows), first load and idempotent re-run,
beside a bare COPY of the same rows into a scratch table."""

import io
import time
from pathlib import Path

import _db

HENAN = _db.ROOT.parent / "shared" / "data" / "divisions" / "henan_province.csv"


def main():
    _db.setup(name="huitoukan_bench_divisions")
    from django.core.management import call_command
    from django.db import connection

    path = str(Path(HENAN))
    started = time.perf_counter()
    call_command("load_divisions", path)
    first = time.perf_counter() - started
    started = time.perf_counter()
    call_command("load_divisions", path)
    again = time.perf_counter() - started

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bare (code varchar(12), name text, level text, parent_code varchar(12))")
        data = io.StringIO(Path(HENAN).read_text(encoding="utf-8"))
        started = time.perf_counter()
        cursor.copy_expert("COPY bare FROM STDIN WITH (FORMAT csv, HEADER true)", data)
        bare = time.perf_counter() - started
        cursor.execute("SELECT level, count(*) FROM units_adminunit GROUP BY level ORDER BY 2")
        counts = cursor.fetchall()
    print(f"rows per level: {counts}")
    print(f"load_divisions, first load : {first:6.2f} s")
    print(f"load_divisions, second run : {again:6.2f} s (changes nothing)")
    print(f"bare COPY of the same file : {bare:6.2f} s")


if __name__ == "__main__":
    main()
