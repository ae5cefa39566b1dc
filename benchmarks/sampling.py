"""Drawing 100 villages from all of 河南 (52,378) beside a bare random.sample of the same codes.

    DATABASE_URL=... .venv/bin/python benchmarks/sampling.py [--reuse]

--reuse keeps the benchmark database of benchmarks/province_generator.py (河南 already loaded).
"""

import random
import statistics
import sys
import time

import _db

HENAN = _db.ROOT.parent / "shared" / "data" / "divisions" / "henan_province.csv"


def main():
    reuse = "--reuse" in sys.argv
    if reuse:
        _db.setup(reset=False)
    else:
        _db.setup(name="huitoukan_bench_sampling")
    from django.core.management import call_command

    from accounts.services import grant_role
    from campaigns.models import Campaign
    from spotchecks.services import create_spot_check
    from tests.factories import make_campaign
    from units.models import AdminUnit

    if not AdminUnit.objects.filter(code="41").exists():
        call_command("load_divisions", str(HENAN))
    province = AdminUnit.objects.get(code="41")
    user = grant_role(username="bench_city", role="viewer", unit_code="41", password="bench-only-Sampling-2026").user
    user.is_superuser = True
    user.save()
    campaign = Campaign.objects.filter(scope_unit=province).first() or make_campaign(province, [], by=user)
    timings = []
    for seed in range(5):
        started = time.perf_counter()
        spot_check = create_spot_check(by=user, campaign=campaign, unit=province, kind="city", subject="village",
                                       strata="none", size_per_stratum=100, seed=seed)
        timings.append(time.perf_counter() - started)
    codes = list(AdminUnit.objects.villages().values_list("code", flat=True))
    started = time.perf_counter()
    for seed in range(5):
        random.Random(seed).sample(codes, 100)
    bare = (time.perf_counter() - started) / 5
    print(f"population {len(codes):,} villages; sample {spot_check.items.count()}")
    print(f"create_spot_check (snapshot + weighted draw + save), median of 5: {statistics.median(timings) * 1000:.0f} ms")
    print(f"bare random.sample of the same codes (in memory): {bare * 1000:.1f} ms")


if __name__ == "__main__":
    main()
