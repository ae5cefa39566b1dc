"""方城县 in small: two townships with villages, households and problems, a county campaign over them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from rectification.services import record_problem
from tests.factories import make_household, make_unit
from units.models import Department

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: date, hour: int = 10):
    """The clock moved to `day` (Beijing time), standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def world(campaign, county, township, other_township, other_township_village, county_office):
    """Problems: 3 in 凤瑞街道 (one routed to 卫健, closed; one to 住建, overdue; one open), 2 in 释之街道
    (one to 卫健, rectified; one withdrawn, which counts nowhere)."""
    make_household(other_township_village)
    health = Department.objects.get_or_create(county=county, name="卫健")[0]
    housing = Department.objects.get_or_create(county=county, name="住建")[0]
    village = make_unit("411322100001")
    rows = [
        (village, health, "closed", date(2026, 7, 20)),
        (village, housing, "open", date(2026, 7, 20)),
        (village, None, "rectifying", date(2026, 9, 1)),
        (other_township_village, health, "rectified", date(2026, 7, 20)),
        (other_township_village, None, "withdrawn", date(2026, 7, 1)),
    ]
    for unit, department, status, deadline in rows:
        problem = record_problem(by=county_office, campaign=campaign, unit=unit, source="unannounced",
                                 category="住房保障", description="墙体开裂", department=department)
        problem.mode, problem.deadline, problem.status = "deadline", deadline, status
        problem.save(update_fields=["mode", "deadline", "status"])
    return campaign
