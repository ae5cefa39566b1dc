"""附件1 export of a large county beside a bare openpyxl write-only loop of the same size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/export.py [households]

Prints rows/s and the growth of peak resident memory of each (each run in a forked child).
"""

import json
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

import _db

FIXTURE = _db.ROOT / "fixtures" / "divisions_411322.csv"


def measure(fn):
    """(result, seconds, peak RSS growth in MB) of fn() run in a forked child, so peaks do not mix."""
    from django.db import connections

    connections.close_all()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        os.write(write, json.dumps([result, elapsed, peak]).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return tuple(json.loads(data))


def main():
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    _db.setup(name="huitoukan_bench_export")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from openpyxl import Workbook

    from demo.fill import fill_campaign
    from checklists.models import ChecklistTemplate
    from exports import tables
    from exports.jobs import write_workbook
    from tests.factories import make_campaign
    from units.models import AdminUnit

    devnull = open("/dev/null", "w")
    call_command("load_divisions", str(FIXTURE), stdout=devnull)
    call_command("load_checklists", stdout=devnull)
    call_command("seed_demo", "--county", "411322", "--households-per-village", str(max(1, round(target / 570))),
                 "--no-accounts", stdout=devnull)
    user = get_user_model().objects.create(username="bench")
    county = AdminUnit.objects.get(code="411322")
    template = ChecklistTemplate.objects.get(code="fangcheng-household")
    campaign = make_campaign(county, [template], by=user,
                             target_kinds=["poverty_exited", "monitored", "ten_groups", "low_income", "general"])
    fill_campaign(campaign, share=1.0, seed=1, checker=user, reviewer=user)
    campaign.submissions.update(status="approved")

    with TemporaryDirectory() as folder:
        table = tables.appendix_table(campaign, template, county)
        columns = len(table.layout.columns)
        rows, seconds, peak = measure(lambda: write_workbook(table, Path(folder) / "export.xlsx"))

        def bare():
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet()
            row = ["文字内容", 12345, date(2026, 7, 1)] * (columns // 3) + ["x"] * (columns % 3)
            for _ in range(rows):
                sheet.append(row)
            workbook.save(Path(folder) / "bare.xlsx")
            return rows

        _, bare_seconds, bare_peak = measure(bare)
    print(f"附件1 of 方城县: {rows:,} rows x {columns} columns")
    print(f"export (query + layout + write): {rows / seconds:8,.0f} rows/s, peak {peak:6.1f} MB, {seconds:.1f} s")
    print(f"bare openpyxl write-only loop  : {rows / bare_seconds:8,.0f} rows/s, peak {bare_peak:6.1f} MB, "
          f"{bare_seconds:.1f} s")
    print(f"export speed = {100 * bare_seconds / seconds:.0f} % of bare")


if __name__ == "__main__":
    main()
