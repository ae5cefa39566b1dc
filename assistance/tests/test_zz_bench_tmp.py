import time
from datetime import date, timedelta

import pytest
from django.urls import reverse

from assistance.models import Plan
from assistance.services import create_plan, hand_help_lists, save_line
from rectification.models import Problem
from rectification.services import NewProblem, open_problems
from tests.factories import make_unit
from units.models import Department

pytestmark = pytest.mark.django_db


def test_bench(client, qiemo_campaign, county, county_office, department_user, health, township):
    villages = [make_unit(f"411322100{n:03d}", f"村{n}") for n in range(1, 101)]
    departments = [health] + [Department.objects.get_or_create(county=county, name=f"部门{n}")[0] for n in range(4)]
    drafts = [NewProblem(campaign_id=qiemo_campaign.pk, unit_id=villages[i % 100].code, source="county_recheck",
                         category="类别", description=f"问题{i}", department=departments[i % 5])
              for i in range(20000)]
    t = time.perf_counter(); open_problems(drafts, by=county_office); print("open 20k", time.perf_counter() - t)
    Problem.objects.update(mode="deadline", deadline=date.today() + timedelta(days=3))
    t = time.perf_counter()
    lists = hand_help_lists(by=county_office, campaign=qiemo_campaign, unit=county, deadline=date.today() + timedelta(30))
    print("hand", len(lists), "lists", time.perf_counter() - t)
    Problem.objects.filter(pk__in=Problem.objects.order_by("pk").values("pk")[:5000]).update(status="closed")
    client.force_login(county_office)
    for name in ["assistance:lists", "assistance:acceptance"]:
        t = time.perf_counter(); r = client.get(reverse(name)); print(name, r.status_code, time.perf_counter() - t)
    import cProfile, pstats
    from exports import assistance_report
    prof = cProfile.Profile(); prof.enable()
    t = time.perf_counter(); table = assistance_report.acceptance_table(county_office, 2026); print("table built", time.perf_counter() - t)
    h = assistance_report.workbook_file(table)
    prof.disable(); print("acceptance xlsx", time.perf_counter() - t)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(18)
    return
    plan = create_plan(by=department_user, kind=Plan.Kind.DEPARTMENT, year=2026, department=health)
    mine = list(Problem.objects.filter(department=health).values_list("pk", flat=True))
    t = time.perf_counter()
    save_line(by=department_user, plan=plan, data={"target": "x", "deadline": date.today(), "persons": "p"}, problems=mine)
    print("save line", len(mine), time.perf_counter() - t)
    client.force_login(county_office)
    t = time.perf_counter(); r = client.get(plan.get_absolute_url()); print("plan page county", r.status_code, time.perf_counter() - t)
    client.force_login(department_user)
    t = time.perf_counter(); r = client.get(plan.get_absolute_url()); print("plan page dept (form)", r.status_code, len(r.content), time.perf_counter() - t)
    t = time.perf_counter(); r = client.get(reverse("reports:plan", args=[plan.pk])); b"".join(r.streaming_content); print("plan xlsx", time.perf_counter() - t)
    hl = lists[0]
    t = time.perf_counter(); r = client.get(reverse("reports:help_list", args=[hl.pk, "village"])); b"".join(r.streaming_content); print("list xlsx", time.perf_counter() - t)
