"""The ledger page: a 乡镇 column, totals per status equal to the data, filters named (never 未知)."""

import re
from datetime import date

from django.urls import reverse

from rectification.models import Problem
from rectification.services import NewProblem, department_for, open_problems


def test_ledger_shows_townships_and_totals_per_status(client, campaign, county_office, village,
                                                      other_township_village):
    health = department_for(village.code, "卫健委")
    made = open_problems([NewProblem(campaign_id=campaign.pk, unit_id=unit.code, source="manual", category="医疗",
                                     description=text, department=health)
                          for unit, text in [(village, "甲"), (village, "乙"), (other_township_village, "丙")]],
                         by=county_office)
    Problem.objects.filter(pk=made[0].pk).update(status=Problem.Status.RECTIFIED, deadline=date(2026, 12, 31))
    client.force_login(county_office)
    body = client.get(reverse("rectification:ledger")).content.decode()
    totals = re.search(r'<p class="totals">(.*?)</p>', body).group(1)
    assert re.sub(r"<[^>]+>", "", totals) == "按状态合计：待整改 2；整改中 0；已整改待销号 1；已销号 0；已撤销 0"
    prefix = f"2026-{campaign.pk}-"  # a problem's number carries its campaign's id (PostgreSQL does not reset it)
    rows = re.findall(rf'">({prefix}\d+)</a></td><td>([^<]*)</td><td>([^<]*)</td>', body)
    assert sorted(rows) == [(f"{prefix}000001", "凤瑞街道", "新华街社区"), (f"{prefix}000002", "凤瑞街道", "新华街社区"),
                            (f"{prefix}000003", "释之街道", "释之社区")]
    assert "未知" not in body
    filtered = client.get(reverse("rectification:ledger"), {"status": "open"}).content.decode()
    assert re.sub(r"<[^>]+>", "", re.search(r'<p class="totals">(.*?)</p>', filtered).group(1)) == \
        "按状态合计：待整改 2；整改中 0；已整改待销号 0；已销号 0；已撤销 0"
