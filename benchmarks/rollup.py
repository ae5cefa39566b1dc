"""Full roll-up of a large county campaign beside one hand-written SQL GROUP BY over the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/rollup.py [households]

Builds 方城县 (570 villages) with ~50,000 households, a campaign with the household and
village forms, random form statuses and 20,000 problems, then times (median of 3):
the full roll-up (all 591 units, every figure, upserted) and the bare GROUP BY that a
person would write to count the same submissions and problems per village.
"""

import random
import statistics
import sys
import time

import _db

FIXTURE = _db.ROOT / "fixtures" / "divisions_411322.csv"


def timed(fn, runs=3):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main():
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    _db.setup(name="huitoukan_bench_rollup")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from campaigns.services import build_work_list
    from checklists.models import ChecklistTemplate, Submission
    from dashboards import rollup
    from rectification.models import Problem
    from tests.factories import make_campaign
    from units.models import AdminUnit

    started = time.perf_counter()
    call_command("load_divisions", str(FIXTURE), stdout=open("/dev/null", "w"))
    call_command("load_checklists", stdout=open("/dev/null", "w"))
    per_village = max(1, round(target / 570))
    call_command("seed_demo", "--county", "411322", "--households-per-village", str(per_village), "--no-accounts",
                 stdout=open("/dev/null", "w"))
    user = get_user_model().objects.create(username="bench")
    county = AdminUnit.objects.get(code="411322")
    templates = list(ChecklistTemplate.objects.filter(code__in=["fangcheng-household", "fangcheng-village"]))
    campaign = make_campaign(county, templates, by=user, target_kinds=["poverty_exited", "monitored", "ten_groups",
                                                                      "low_income", "general"])
    build_work_list(campaign)
    rng = random.Random(3)
    with connection.cursor() as cursor:
        cursor.execute("""UPDATE checklists_submission SET status = (ARRAY['not_started','draft','submitted',
                          'returned','approved'])[1 + (id %% 5)] WHERE campaign_id = %s""", [campaign.pk])
    villages = list(AdminUnit.objects.in_subtree("411322").villages().values_list("code", flat=True))
    statuses = ["open", "rectifying", "rectified", "closed"]
    Problem.objects.bulk_create([
        Problem(campaign=campaign, number=i, unit_id=rng.choice(villages), category=rng.choice(["住房保障", "教育帮扶",
                "健康帮扶", "安全饮水", "综合保障"]), description="基准测试", source="self_check", found_by=user,
                found_at=timezone.now(), status=rng.choice(statuses), mode="immediate",
                deadline=timezone.localdate() + timezone.timedelta(days=rng.randint(-20, 20)))
        for i in range(1, 20_001)
    ], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    households = Submission.objects.filter(campaign=campaign, household__isnull=False).count()
    print(f"data: {households:,} household forms, {Problem.objects.count():,} problems "
          f"(built in {time.perf_counter() - started:.0f} s)")

    full = timed(lambda: rollup.refresh(campaign, None))
    one_county = timed(lambda: rollup.refresh(campaign, "411322100001"))

    def bare():
        _db.bare_group_by(campaign.pk)

    bare_time = timed(bare)
    print(f"full roll-up (591 units, all figures, upserted): {full * 1000:8.0f} ms")
    print(f"incremental refresh after one change           : {one_county * 1000:8.0f} ms")
    print(f"bare SQL GROUP BY of the same rows per village : {bare_time * 1000:8.0f} ms")
    print(f"ratio full / bare: {full / bare_time:.1f}x")


if __name__ == "__main__":
    main()
