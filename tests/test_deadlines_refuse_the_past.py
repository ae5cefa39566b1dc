"""Every form that sets a deadline or a due date refuses a day before today with a Chinese message and
keeps what was typed in its other fields; today is taken (core.forms.DeadlineField, the one rule)."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assistance.models import HelpList, Plan
from assistance.services import create_plan
from paperwork.models import ReportDue
from rectification.models import ExtensionRequest, Measure, Problem
from rectification.services import record_problem
from units.models import Department

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


@dataclass
class Case:
    user: object
    url: str
    data: dict  # the post, its date under "{day}"
    kept: str  # a text typed in another field, shown again after the refusal ("" for a redirect)
    saved: object  # () -> the date that was saved, or None


def errors_on(body: str) -> list[str]:
    """Every error message of the page: field errors, form errors and error messages."""
    found = re.findall(r'<p class="(?:field-)?error">(.*?)</p>', body)
    for errorlist in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S):
        found += re.findall(r"<li>(.*?)</li>", errorlist)
    return found + re.findall(r'<li class="error">(.*?)</li>', body)


@pytest.fixture
def health(department_user):
    return Department.objects.get(name="卫健委")


@pytest.fixture
def problem(campaign, village, county_office, health):
    return record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                          category="住房保障", description="墙体开裂", department=health)


def assign(problem, county_office, health):
    return Case(county_office, reverse("rectification:act", args=[problem.pk, "assign"]),
                {"department": health.pk, "mode": "deadline", "deadline": "{day}", "responsible_person": "王局长"},
                "王局长", lambda: Problem.objects.get(pk=problem.pk).deadline)


def measure(problem, county_office, health):
    return Case(county_office, reverse("rectification:measure", args=[problem.pk]),
                {"op": "add", "content": "拆除重建危房", "responsible_person": "李工", "deadline": "{day}"},
                "拆除重建危房", lambda: Measure.objects.filter(problem=problem).values_list("deadline", flat=True).first())


def extension(problem, department_user, health):
    Problem.objects.filter(pk=problem.pk).update(mode=Problem.Mode.DEADLINE, deadline=TODAY - timedelta(days=3))
    return Case(department_user, reverse("rectification:act", args=[problem.pk, "extend"]),
                {"proposed_deadline": "{day}", "reason": "雨季无法施工"}, "雨季无法施工",
                lambda: ExtensionRequest.objects.values_list("proposed_deadline", flat=True).first())


def bulk(problem, county_office, health):
    return Case(county_office, reverse("rectification:bulk"), {"ids": [problem.pk], "action": "set_deadline",
                                                                 "deadline": "{day}"},
                "", lambda: Problem.objects.get(pk=problem.pk).deadline)


def hand(problem, county_office, health):
    return Case(county_office, reverse("assistance:hand"),
                {"campaign": problem.campaign_id, "unit": problem.unit_id, "deadline": "{day}", "note": "请按时完成"},
                "请按时完成", lambda: HelpList.objects.values_list("deadline", flat=True).first())


def plan_line(problem, department_user, health):
    plan = create_plan(by=department_user, kind=Plan.Kind.DEPARTMENT, year=TODAY.year, department=health)
    return Case(department_user, reverse("assistance:line_save", args=[plan.pk]),
                {"target": "慢病签约全覆盖", "standard": "签约率100%", "deadline": "{day}", "persons": "王医生"},
                "慢病签约全覆盖", lambda: plan.lines.values_list("deadline", flat=True).first())


def report_due(problem, county_office, health):
    return Case(county_office, reverse("paperwork:due_create", args=[problem.campaign_id]),
                {"title": "集中整改工作总结", "kind": "summary", "level": "township", "repeat": "once",
                 "first_due": "{day}", "signer_title": "乡镇党委书记", "generated": "", "note": ""},
                "集中整改工作总结", lambda: ReportDue.objects.values_list("first_due", flat=True).first())


def weekly_report_due(problem, county_office, health):
    return Case(county_office, reverse("paperwork:due_create", args=[problem.campaign_id]),
                {"title": "工作组周报", "kind": "weekly", "level": "township", "repeat": "weekly",
                 "first_due": TODAY.isoformat(), "last_due": "{day}", "signer_title": "组长", "generated": "",
                 "note": ""},
                "工作组周报", lambda: ReportDue.objects.values_list("last_due", flat=True).first())


FORMS = {  # the form, the message for a day before today
    assign: "整改时限不能早于今天",
    measure: "完成时限不能早于今天",
    extension: "申请延至的日期不能早于今天",
    bulk: "整改时限不能早于今天",
    hand: "完成时限不能早于今天",
    plan_line: "完成时限不能早于今天",
    report_due: "截止日期不能早于今天",
    weekly_report_due: "最后一次截止日期不能早于今天",
}


def post(client, case, day):
    client.force_login(case.user)
    data = {k: v.format(day=day.isoformat()) if isinstance(v, str) else v for k, v in case.data.items()}
    response = client.post(case.url, data)
    if response.status_code == 302:
        return response, client.get(response["Location"]).content.decode()
    return response, response.content.decode()


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
def test_a_day_before_today_is_refused_and_the_rest_is_kept(client, request, problem, health, form):
    user = request.getfixturevalue("department_user" if form in (extension, plan_line) else "county_office")
    case = form(problem, user, health)
    response, body = post(client, case, YESTERDAY)
    assert errors_on(body) == [FORMS[form]]
    if case.kept:
        assert response.status_code in (200, 400, 422) and case.kept in body
    assert case.saved() is None


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
def test_today_is_taken(client, request, problem, health, form):
    user = request.getfixturevalue("department_user" if form in (extension, plan_line) else "county_office")
    case = form(problem, user, health)
    response, body = post(client, case, TODAY)
    assert (response.status_code, errors_on(body)) == (302, [])
    assert case.saved() == TODAY


def test_the_date_inputs_start_today(client, problem, county_office):
    client.force_login(county_office)
    body = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert f'<input type="date" name="deadline" id="id_deadline" min="{TODAY.isoformat()}">' in body
    assert (f'<input type="date" name="deadline" id="id_deadline_measure" required min="{TODAY.isoformat()}">'
            in body)


def test_a_saved_deadline_that_has_passed_may_stay_while_the_rest_changes(client, problem, county_office, health):
    Problem.objects.filter(pk=problem.pk).update(mode=Problem.Mode.DEADLINE, deadline=YESTERDAY)
    case = assign(problem, county_office, health)
    response, body = post(client, case, YESTERDAY - timedelta(days=1))
    assert errors_on(body) == ["整改时限不能早于今天"]
    response, body = post(client, case, YESTERDAY)
    assert (response.status_code, errors_on(body)) == (302, [])
    problem.refresh_from_db()
    assert (problem.deadline, problem.responsible_person) == (YESTERDAY, "王局长")
