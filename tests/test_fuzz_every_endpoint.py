"""Hostile values in every form and filter outside households (households/tests/test_fuzz.py has those):
a 4xx, a page with a Chinese error, or a redirect with a message; never a 500, and a refused
request saves nothing.

Each form is sent twice per value list: every field bad at once (each field gets each value across
the posts, rotated), then one field bad with the others valid, with the sharpest values (so that the
service behind the form sees them too). Each request runs in a savepoint rolled back after it, so
every one meets the same shared world (tests/world.py).
"""

import os
import re

import pytest
from django.db import transaction
from django.urls import reverse

from tests.world import state, state_tables, world_fixture  # noqa: F401 - state_tables is a fixture

world = world_fixture()

HUGE = "x" * 10**5  # longer than every max_length by far; 1 MB cost a tenth of the file's time
BIG = str(10**30)
VALUES = ["", "   ", HUGE, BIG, "-1", "-" + BIG, "abc", "1e308", "NaN", "\u200f\u202e١٢٣\u200b", "😀",
          "张\x00三", "\\ud800\\udfff", "2026-02-31"]
SHARP = [BIG, "-1", "abc\u200f😀", "\x00"]  # each field alone, the others valid
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def send(world, tables, persona, method, url, data, *, clean_state):
    """One request in a savepoint: never a 500; a refusal with a Chinese reason saves nothing."""
    client = world.clients[persona]
    savepoint = transaction.savepoint()
    try:
        response = client.post(url, data) if method == "POST" else client.get(url, data)
        status = response.status_code
        if status >= 500 and os.environ.get("FUZZ_RAISE"):
            client.raise_request_exception = True
            for value in data.values():
                getattr(value, "seek", lambda _: None)(0)
            client.post(url, data) if method == "POST" else client.get(url, data)
        assert status < 500, (url, {k: v[:40] for k, v in data.items() if isinstance(v, str)})
        if method == "POST" and status != 302:
            assert state(tables) == clean_state, (url, status, "a refused request saved rows")
            if status not in (401, 403, 404, 405):
                assert CHINESE.search(response.content.decode(errors="replace")), (url, status)
    finally:
        transaction.savepoint_rollback(savepoint)
    return response


def fuzz(world, tables, persona, method, url, valid: dict, fields=None):
    """Rotated values in every field at once, then each field alone with the sharp values."""
    fields = fields or list(valid)
    clean_state = state(tables) if method == "POST" else None
    for shift in range(len(VALUES)):
        data = {**valid, **{name: VALUES[(shift + i) % len(VALUES)] for i, name in enumerate(fields)}}
        send(world, tables, persona, method, url, data, clean_state=clean_state)
    for name in fields:
        for value in SHARP:
            send(world, tables, persona, method, url, {**valid, name: value}, clean_state=clean_state)


# The forms ---------------------------------------------------------------------------------------

def household_answers():
    from checklists.models import Question

    data = {"members": "3", "members_able_to_work": "2", "income_total": "30000", "income_wage": "20000",
            "income_business": "5000", "income_transfer": "4000", "income_property": "1000", "large_expense": "no"}
    for key in Question.objects.filter(template__code="fangcheng-household", kind="flag").values_list("key", flat=True):
        data[key] = "no"
    return data


@pytest.mark.parametrize("action", ["save", "submit"])
def test_checklist_save_and_submit(world, db, state_tables, action):
    submission = world.inside.submission
    valid = {**household_answers(), "action": action, "version": str(submission.version)}
    fields = ["members", "members_able_to_work", "income_total", "income_wage", "large_expense", "version", "action",
              next(k for k in valid if k not in ("members", "action", "version") and valid[k] == "no")]
    fuzz(world, state_tables, "checker", "POST", reverse("checklists:submission", args=[submission.pk]), valid,
         fields)


def test_checklist_review(world, db, state_tables):
    submission = world.inside.submission
    fuzz(world, state_tables, "reviewer", "POST", reverse("checklists:review", args=[submission.pk]),
         {"action": "return", "reason": "收入填写不全", "version": str(submission.version)})


def test_problem_record(world, db, state_tables):
    inside = world.inside
    fuzz(world, state_tables, "county_office", "POST", reverse("rectification:record"), {
        "campaign": str(inside.campaign.pk), "unit_code": inside.village.code, "household_number":
        inside.household.number, "source": "unannounced", "category": "住房保障", "description": "屋顶漏雨",
        "department": str(inside.department.pk), "co_departments": str(inside.department.pk),
        "reporter_contact": "13800000000"})


def act_url(world, action):
    return reverse("rectification:act", args=[world.inside.problem.pk, action])


def test_problem_assign(world, db, state_tables):
    fuzz(world, state_tables, "county_office", "POST", act_url(world, "assign"), {
        "department": str(world.inside.department.pk), "co_departments": "", "responsible_user": "",
        "responsible_person": "王主任", "mode": "deadline", "deadline": "2026-12-31", "measure": "加固屋顶"})


def test_problem_plan_by_the_department(world, db, state_tables):
    fuzz(world, state_tables, "department", "POST", act_url(world, "assign"), {
        "responsible_person": "李科长", "measure": "补发资金", "mode": "", "deadline": ""})


@pytest.mark.parametrize("action, persona, valid", [
    ("rectify", "department", {"evidence_text": "已加固"}),
    ("note", "county_office", {"text": "已核实"}),
    ("extend", "department", {"proposed_deadline": "2027-03-01", "reason": "雨季"}),
    ("send_back", "county_office", {"reason": "证据不足"}),
    ("close", "county_office", {"reason": "已整改"}),
])
def test_problem_actions(world, db, state_tables, action, persona, valid):
    fuzz(world, state_tables, persona, "POST", act_url(world, action), valid)


def test_problem_action_names(world, db, state_tables):
    clean_state = state(state_tables)
    for value in VALUES[:3] + VALUES[4:]:
        url = f"/problems/{world.inside.problem.pk}/{value.replace('/', '')}/"
        if value.strip() and "\x00" not in value:
            send(world, state_tables, "county_office", "POST", url, {}, clean_state=clean_state)


def test_problem_bulk(world, db, state_tables):
    fuzz(world, state_tables, "county_office", "POST", reverse("rectification:bulk"), {
        "action": "reassign", "ids": str(world.inside.problem.pk), "department": str(world.inside.department.pk),
        "deadline": "2026-12-31", "next": "/problems/"})


def test_extension_decision(world, db, state_tables):
    inside = world.inside
    fuzz(world, state_tables, "county_office", "POST",
         reverse("rectification:decide_extension", args=[inside.problem.pk, inside.extension.pk]),
         {"decision": "refuse", "note": "理由不充分"})


def test_carry_over(world, db, state_tables):
    fuzz(world, state_tables, "county_office", "POST",
         reverse("rectification:carry_over", args=[world.inside.campaign.pk]),
         {"target": str(world.inside.other_campaign.pk)})


def test_campaign_create(world, db, state_tables):
    fuzz(world, state_tables, "county_office", "POST", reverse("campaigns:create"), {
        "name": "再次回头看", "document_number": "方农〔2026〕9号", "scope_code": world.inside.county.code,
        "issuing_code": "", "year": "2026", "phase-0-kind": "screening", "phase-0-starts_on": "2026-08-01",
        "phase-0-ends_on": "2026-08-30"})


def test_spot_check_create(world, db, state_tables):
    fuzz(world, state_tables, "county_office", "POST",
         reverse("spotchecks:campaign", args=[world.inside.campaign.pk]), {
             "kind": "county", "unit_code": world.inside.county.code, "subject": "village", "strata": "none",
             "size_per_stratum": "1", "confidence": "", "margin": "", "seed": "7", "templates": "",
             "weight_key_households": "", "weight_low_reporting": ""})


def test_spot_check_assign(world, db, state_tables):
    fuzz(world, state_tables, "county_office", "POST",
         reverse("spotchecks:assign", args=[world.inside.spot_check.pk]),
         {"county_code": world.inside.county.code, "inspector": "city_office"})


def test_inspection(world, db, state_tables):
    from checklists.models import Question

    inspection = world.inside.inspection
    keys = list(Question.objects.filter(template=inspection.template).values_list("key", flat=True)[:4])
    valid = {**{key: "no" for key in keys}, "action": "save", "version": str(inspection.version)}
    fuzz(world, state_tables, "county_office", "POST", reverse("spotchecks:inspection", args=[inspection.pk]),
         valid)


def test_export_request(world, db, state_tables):
    inside = world.inside
    fuzz(world, state_tables, "county_office", "POST", reverse("exports:request"), {
        "kind": "appendix", "campaign": str(inside.campaign.pk), "unit": inside.county.code,
        "template": str(inside.campaign.templates.first().pk), "query": "status=open&q=墙体"})


def test_login_password_change_and_token(world, db, state_tables):
    fuzz(world, state_tables, "anonymous", "POST", reverse("login"), {"username": "county_office", "password": "x"})
    fuzz(world, state_tables, "county_office", "POST", reverse("accounts:password_change"),
         {"old_password": "wrong-password", "new_password1": "Another-pass-789", "new_password2": "Another-pass-789"})
    fuzz(world, state_tables, "anonymous", "POST", reverse("api-token"), {"username": "nobody", "password": "x"})


def test_village_status_import(world, db, state_tables, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clean_state = state(state_tables)
    code = world.inside.village.code
    for value in VALUES[:2] + VALUES[3:]:
        for row in ([value, "一村", "是", "2019"], [code, value, "是", "2019"], [code, "一村", value, "2019"],
                    [code, "一村", "是", value]):
            text = "区划代码,村名称,是否贫困村,退出年度\n" + ",".join(row) + "\n"
            upload = SimpleUploadedFile("村.csv", text.encode("utf-8", "surrogatepass"), content_type="text/csv")
            send(world, state_tables, "county_office", "POST", reverse("units:village_status_import"),
                 {"file": upload}, clean_state=clean_state)


# The filters and cursors -------------------------------------------------------------------------

def test_ledger_filters_sorts_and_cursors(world, db, state_tables):
    fuzz(world, state_tables, "county_office", "GET", reverse("rectification:ledger"), {
        "campaign": str(world.inside.campaign.pk), "unit": world.inside.township.code, "category": "住房保障",
        "department": str(world.inside.department.pk), "status": "open", "mode": "deadline", "source": "unannounced",
        "overdue": "1", "done": "", "q": "墙体", "sort": "deadline", "after": ""})


def test_list_pages_and_their_params(world, db, state_tables):
    inside = world.inside
    pages = [
        (reverse("campaigns:list"), {"page": "2"}),
        (reverse("campaigns:unit", args=[inside.campaign.pk, inside.village.code]),
         {"status": "submitted", "key": "1", "page": "1"}),
        (reverse("campaigns:unit", args=[inside.campaign.pk, inside.county.code]), {"page": "1"}),
        (reverse("spotchecks:detail", args=[inside.spot_check.pk]), {"page": "1"}),
        (reverse("spotchecks:report", args=[inside.spot_check.pk]), {"unit": inside.county.code, "format": ""}),
        (reverse("spotchecks:mine"), {"page": "1"}),
        (reverse("exports:list"), {"page": "1"}),
        (reverse("dashboards:unit", args=[inside.campaign.pk, inside.county.code]), {"week": "1"}),
        (reverse("units:detail", args=[inside.county.code]), {"q": "张", "kind": "monitored", "page": "1"}),
        (reverse("unit-list"), {"parent": inside.county.code, "level": "village", "within": "4113", "page": "1"}),
        (reverse("rectification:record"), {"campaign": str(inside.campaign.pk)}),
        (reverse("campaigns:create"), {"plan": "fangcheng"}),
        (reverse("home"), {"page": "1"}),
    ]
    for url, valid in pages:
        fuzz(world, state_tables, "county_office", "GET", url, valid)


def test_odd_codes_and_ids_in_paths(world, db, state_tables):
    inside = world.inside
    for value in VALUES:
        if not value.strip() or "/" in value:
            continue
        for url in (f"/units/{value}/", f"/dashboards/{inside.campaign.pk}/{value}/",
                    f"/campaigns/{inside.campaign.pk}/units/{value}/", f"/api/units/{value}/",
                    f"/spotchecks/{inside.spot_check.pk}/{value}/"):
            send(world, state_tables, "county_office", "GET", url, {}, clean_state=None)
    for raw in ("%00", "%ED%A0%80", "%FF%FE", "%E2%80%8F"):
        for url in (f"/units/{raw}/", f"/problems/?q={raw}&unit={raw}", f"/api/units/?within={raw}",
                    f"/problems/?after={raw}", f"/campaigns/{inside.campaign.pk}/units/{inside.village.code}/"
                    f"?status={raw}"):
            send(world, state_tables, "county_office", "GET", url, {}, clean_state=None)


# 问责 cases ----------------------------------------------------------------------------------------

def test_accountability_case_forms(world, db, state_tables):
    inside = world.inside
    fuzz(world, state_tables, "county_office", "POST", reverse("accountability:create"), {
        "reason": "unannounced", "unit_code": inside.county.code, "department": str(inside.department.pk),
        "person": "乡党委书记", "campaign": str(inside.campaign.pk), "summary": "暗访发现走过场",
        "evidence_text": "3 户未见排查", "problem_numbers": inside.problem.display_number,
        "happened_on": "2026-01-05"})
    case = inside.case.pk
    for action, valid in (("step", {"kind": "interview", "happened_on": "2026-01-05", "note": "约谈"}),
                          ("close", {"happened_on": "2026-01-05", "outcome": "诫勉谈话"}),
                          ("confirm", {"note": "属实"}), ("dismiss", {"note": "不实"})):
        fuzz(world, state_tables, "county_office", "POST", reverse("accountability:act", args=[case, action]), valid)
    fuzz(world, state_tables, "county_office", "POST", reverse("accountability:transfer", args=[case]),
         {"happened_on": "2026-01-05", "note": "涉嫌违纪", "confirm": "on"})
    fuzz(world, state_tables, "county_office", "GET", reverse("accountability:list"),
         {"status": "open", "reason": "unannounced", "unit": inside.county.code, "campaign": str(inside.campaign.pk),
          "page": "2"})


@pytest.mark.parametrize("persona, valid", [
    ("department", {"op": "add", "content": "加固屋顶", "responsible_user": "", "responsible_person": "王师傅",
                    "deadline": "2026-12-31"}),
    ("county_office", {"op": "update", "measure": "first", "content": "拆除重建", "responsible_user": "",
                       "responsible_person": "李工", "deadline": "2026-12-30"}),
    ("department", {"op": "done", "measure": "first", "result": "已加固"}),
])
def test_problem_measures(world, db, state_tables, persona, valid):
    from rectification import measures

    problem = world.inside.problem
    with transaction.atomic():
        first = measures.add_measure(problem, by=world.inside.office, content="入户核实", responsible_person="张三",
                                     deadline=problem.deadline)
        if valid.get("measure") == "first":
            valid = {**valid, "measure": str(first.pk)}
        fuzz(world, state_tables, persona, "POST", reverse("rectification:measure", args=[problem.pk]), valid)
        transaction.set_rollback(True)


def test_problem_my_list(world, db, state_tables):
    fuzz(world, state_tables, "department", "GET", reverse("rectification:mine"), {"p": "2", "m": "1"})


def test_bulk_close(world, db, state_tables):
    fuzz(world, state_tables, "county_office", "POST", reverse("rectification:bulk"), {
        "action": "close", "ids": str(world.inside.problem.pk), "opinion": "抽查核验属实"})
