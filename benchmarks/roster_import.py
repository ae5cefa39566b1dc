"""Roster import rows/s beside reading the same file with bare openpyxl.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/roster_import.py [rows]

Builds 方城县's divisions in its own database (`huitoukan_bench_import`), writes a roster of
`rows` valid households (20,000 by default) as the national system exports it, then times,
as a county office: the preview of the new file, the import that writes it, the preview of
the same file again (every row unchanged) and an import where one row in ten changed.
Baselines, read in the same run: openpyxl read-only reading the same file (what one would
write by hand) and calamine reading it (the reader the import uses: no import beats it).
"""

import io
import random
import secrets
import sys
import time

import _db


def roster_file(rows: int, villages: list[str], changed_every: int = 0) -> io.BytesIO:
    from openpyxl import Workbook

    from demo.households import chinese_name, id_number, mobile
    from households.resources import COLUMNS
    from units import codes

    rng = random.Random(11)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(COLUMNS.values()))
    taken = set()
    kinds = ["脱贫户", "监测户", "十类群体户", "低收入户", "一般户"]
    for i in range(rows):
        village = villages[i % len(villages)]
        number = id_number(rng, codes.county_code(village))
        while number in taken:
            number = id_number(rng, codes.county_code(village))
        taken.add(number)
        head, kind, members = chinese_name(rng), rng.choice(kinds), rng.randint(1, 7)
        able = rng.randint(0, members)
        if changed_every and i % changed_every == 0:
            members = 8  # after every draw, so both files get the same random stream
        sheet.append([f"41{i:014d}", head, number, village, kind, members, able, rng.choice("是否"), rng.choice("否否否是"), "否", "否",
                      chinese_name(rng), mobile(rng), mobile(rng)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name, buffer.size = "roster.xlsx", len(buffer.getvalue())
    return buffer


def timed(label, rows, fn):
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    print(f"{label:<44}: {elapsed:6.2f} s  {rows / elapsed:8,.0f} rows/s")
    return result


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    _db.setup(name="huitoukan_bench_import")
    from django.core.management import call_command
    from openpyxl import load_workbook

    from accounts.services import grant_role
    from households import imports
    from households.models import Household
    from units.models import AdminUnit

    call_command("load_divisions", str(_db.ROOT / "fixtures" / "divisions_411322.csv"), stdout=open("/dev/null", "w"))
    user = grant_role(username="bench_county", role="county_office", unit_code="411322", password=secrets.token_urlsafe(24)).user
    villages = list(AdminUnit.objects.in_subtree("411322").villages().values_list("code", flat=True))
    upload = roster_file(rows, villages)
    changed = roster_file(rows, villages, changed_every=10)
    print(f"roster: {rows:,} rows, {upload.size / 1e6:.1f} MB")

    def bare_read():
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
        count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        return count

    def calamine_read():
        from python_calamine import CalamineWorkbook

        upload.seek(0)
        return len(CalamineWorkbook.from_filelike(upload).get_sheet_by_index(0).to_python())

    timed("bare openpyxl read-only, same file", rows, bare_read)
    timed("bare calamine read, same file", rows, calamine_read)
    preview = timed("preview, all new", rows, lambda: imports.preview(user, _rewound(upload)))
    assert preview.counts == {"new": rows, "update": 0, "skip": 0, "error": 0}, preview.counts
    counts = timed("import, all new", rows, lambda: imports.apply(user, _rewound(upload)))
    assert counts["new"] == rows and Household.objects.count() == rows
    preview = timed("preview, all unchanged", rows, lambda: imports.preview(user, _rewound(upload)))
    assert preview.counts["skip"] == rows, preview.counts
    counts = timed("import, one row in ten changed", rows, lambda: imports.apply(user, _rewound(changed)))
    assert counts["update"] > 0, counts
    print(f"import changed {counts['update']:,} rows, left {counts['skip']:,} unchanged")


def _rewound(upload):
    upload.seek(0)
    return upload


if __name__ == "__main__":
    main()
