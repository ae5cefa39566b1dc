"""A province campaign on the database of benchmarks/province_generator.py (run that first).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/province.py

Builds the work list of a 河南 campaign (~2 M household forms), gives the forms statuses and
adds 1,000,000 problems with COPY, then prints: the work-list build time; the full roll-up
(partitioned by county, run here in one process) beside one bare GROUP BY over the same rows;
and ledger page latency (p50/p95 over 40 requests) for a county and a city office, with filters.
"""

import io
import random
import sys
import statistics
import time

import _db


def main():
    _db.setup(reset=False)
    from django.core.management import call_command
    from django.db import connection

    from accounts.services import grant_role
    from demo.campaigns import PROVINCE_DOCUMENT
    from campaigns.models import Campaign
    from checklists.models import ChecklistTemplate
    from tests.factories import make_campaign
    from units.models import AdminUnit

    call_command("load_checklists", stdout=open("/dev/null", "w"))
    province = AdminUnit.objects.get(code="41")
    city_user = grant_role(username="bench_city_office", role="city_office", unit_code="4113", password="x").user
    county_user = grant_role(username="bench_county_office", role="county_office", unit_code="411322",
                             password="x").user
    templates = list(ChecklistTemplate.objects.filter(code__in=["fangcheng-household", "fangcheng-village"]))
    # not seed_demo's province campaign, whose forms carry realistic answers: this one is the benchmark's own
    campaign = Campaign.objects.filter(scope_unit=province).exclude(document_number=PROVINCE_DOCUMENT).order_by("pk").first()
    if campaign is None:
        started = time.perf_counter()
        campaign = make_campaign(province, templates, by=city_user,
                                 target_kinds=["poverty_exited", "monitored", "ten_groups", "low_income"])
        print(f"work list built in {time.perf_counter() - started:.1f} s (in eager mode this includes the "
              f"roll-up its build schedules)")
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        started = time.perf_counter()
        from campaigns.services import _insert_household_forms

        _insert_household_forms(campaign, templates[0] if templates[0].level == "household" else templates[1])
        print(f"work list INSERT ... SELECT over the province (all rows already there): "
              f"{time.perf_counter() - started:.1f} s")
    print(f"work list: {campaign.submissions.count():,} forms")
    if "--ledger-only" in sys.argv:
        return ledger(campaign, county_user, city_user)
    if "--reuse" not in sys.argv:
        make_problems(campaign, city_user)
    rollups(campaign)
    ledger(campaign, county_user, city_user)


def make_problems(campaign, city_user):
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import Campaign
    from rectification.models import Problem
    from units import codes
    from units.models import AdminUnit, Department

    Problem.objects.filter(campaign=campaign).delete()

    with connection.cursor() as cursor:
        cursor.execute("""UPDATE checklists_submission SET status = (ARRAY['not_started','draft','submitted',
                          'returned','approved'])[1 + (id %% 5)] WHERE campaign_id = %s""", [campaign.pk])
    rng = random.Random(1)
    villages = list(AdminUnit.objects.villages().values_list("code", flat=True))
    departments = {}
    for name in ["住建局", "教体局", "卫健委", "水利局", "民政局"]:
        for county in ["411322", "411321"]:
            departments[(county, name)] = Department.objects.get_or_create(county_id=county, name=name)[0].pk
    now = timezone.now().isoformat()
    buffer = io.StringIO()
    categories = ["住房保障", "教育帮扶", "健康帮扶", "安全饮水", "综合保障"]
    for number in range(1, 1_000_001):
        village = rng.choice(villages)
        status = rng.choice(["open", "rectifying", "rectified", "closed"])
        deadline = (timezone.localdate() + timezone.timedelta(days=rng.randint(-30, 30))).isoformat()
        department = departments.get((codes.county_code(village), rng.choice(["住建局", "教体局", "卫健委", "水利局", "民政局"])), "")
        buffer.write(f"{campaign.pk},{number},{village},{rng.choice(categories)},基准问题,self_check,"
                     f"{city_user.pk},{now},{status},deadline,{deadline},{department},"
                     f'"","","","",""\n')
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert("""COPY rectification_problem (campaign_id, number, unit_id, category, description, source,
                              found_by_id, found_at, status, mode, deadline, department_id, question_key,
                              question_text, reporter_contact_cipher, responsible_person, evidence_text)
                              FROM STDIN WITH (FORMAT csv)""", buffer)
        cursor.execute("ANALYZE")
    Campaign.objects.filter(pk=campaign.pk).update(problem_seq=1_000_000)
    print(f"problems: {Problem.objects.filter(campaign=campaign).count():,}")


def rollups(campaign):
    from dashboards.rollup import counties_of, refresh, refresh_county, resum_above, units_above_counties

    def partitioned():
        for county in counties_of(campaign):
            refresh_county(campaign, county)
        resum_above(campaign, units_above_counties(campaign))

    def bare():
        _db.bare_group_by(campaign.pk)

    timings = {}
    for label, run in [("bare", bare), ("single", lambda: refresh(campaign, None)), ("partitioned", partitioned),
                       ("bare again", bare)]:
        started = time.perf_counter()
        run()
        timings[label] = time.perf_counter() - started
    bare_time = min(timings["bare"], timings["bare again"])
    print(f"bare GROUP BY of the same rows per village (best of 2)               : {bare_time:5.1f} s")
    print(f"full province roll-up, one statement (refresh(campaign, None))       : {timings['single']:5.1f} s "
          f"({timings['single'] / bare_time:.1f}x)")
    print(f"full province roll-up, partitioned (each county, then the units above): {timings['partitioned']:5.1f} s "
          f"({timings['partitioned'] / bare_time:.1f}x; run in one process here, spread over workers by the chord)")


def ledger(campaign, county_user, city_user):
    from django.test import Client

    for label, user, params in [("county office, default", county_user, {}),
                                ("county office, overdue", county_user, {"overdue": "true"}),
                                ("city office, status+category", city_user, {"status": "open", "category": "住房"}),
                                ("city office, by deadline", city_user, {"sort": "deadline"})]:
        client = Client()
        client.force_login(user)
        samples = []
        for _ in range(40):
            started = time.perf_counter()
            response = client.get("/problems/", {"campaign": campaign.pk, **params})
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        samples.sort()
        print(f"ledger page ({label}): p50 {statistics.median(samples):.0f} ms, p95 {samples[37]:.0f} ms")


if __name__ == "__main__":
    main()
