"""Generate 河南省 (52,378 villages) with ~40 households each on PostgreSQL and print the rate.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/province_generator.py [per_village]
"""

import sys
import time

import _db

HENAN = _db.ROOT.parent / "shared" / "data" / "divisions" / "henan_province.csv"


def main():
    per_village = sys.argv[1] if len(sys.argv) > 1 else "40"
    _db.setup()
    from django.core.management import call_command

    from households.models import Household

    started = time.perf_counter()
    call_command("load_divisions", str(HENAN))
    loaded = time.perf_counter()
    call_command("seed_demo", "--province", "41", "--households-per-village", per_village, "--seed", "7")
    done = time.perf_counter()
    count = Household.objects.count()
    print(f"divisions: {loaded - started:.1f} s; households: {count:,} in {done - loaded:.0f} s "
          f"({count / (done - loaded):,.0f} households/s, each with an encrypted and HMAC-indexed ID number)")


if __name__ == "__main__":
    main()
