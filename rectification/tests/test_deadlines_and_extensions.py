"""Only the county office (or above) sets the mode and deadline; the lead asks for more time (申请延期)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from rectification import extensions, services
from rectification.models import ExtensionRequest, Problem, ProblemEvent

DEADLINE = date.today() + timedelta(days=10)


def act(client, problem, action, **data):
    return client.post(reverse("rectification:act", args=[problem.pk, action]), data)


def page_after(client, response):
    return client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("change", [
    {"mode": "immediate"},
    {"deadline": (DEADLINE + timedelta(days=30)).isoformat()},
    {"mode": "deadline", "deadline": (DEADLINE + timedelta(days=1)).isoformat()},
])
def test_the_lead_department_cannot_change_its_deadline_or_mode(client, shared_problem, housing_user, change):
    client.force_login(housing_user)
    events_before = shared_problem.events.count()
    response = act(client, shared_problem, "assign", responsible_person="李工", **change)
    assert "整改方式和整改时限由县级及以上办公室设定；如需延期，请提交延期申请" in page_after(client, response)
    shared_problem.refresh_from_db()
    assert (shared_problem.mode, shared_problem.deadline, shared_problem.responsible_person) == (
        Problem.Mode.DEADLINE, DEADLINE, "")
    assert shared_problem.events.count() == events_before


def test_a_co_unit_cannot_assign_anything(client, shared_problem, health_user):
    client.force_login(health_user)
    response = act(client, shared_problem, "assign", responsible_person="张医生")
    assert "您不是该问题的牵头责任单位" in page_after(client, response)
    shared_problem.refresh_from_db()
    assert shared_problem.responsible_person == ""


def test_the_lead_sees_no_deadline_or_mode_inputs(client, shared_problem, housing_user):
    client.force_login(housing_user)
    body = client.get(reverse("rectification:detail", args=[shared_problem.pk])).content.decode()
    plan = body[body.index("<h2>落实责任人</h2>"):]
    plan = plan[:plan.index("</section>")]
    assert 'name="deadline"' not in plan and 'name="mode"' not in plan and 'name="responsible_user"' in plan
    assert f"整改方式和时限由县级办公室设定：限期整改，{DEADLINE:%Y-%m-%d}。" in body
    assert "提交延期申请" in body


def test_an_extension_granted_moves_the_deadline(client, shared_problem, housing_user, county_office):
    wanted = DEADLINE + timedelta(days=20)
    client.force_login(housing_user)
    act(client, shared_problem, "extend", proposed_deadline=wanted.isoformat(), reason="雨季无法施工")
    extension = ExtensionRequest.objects.get()
    assert (extension.status, extension.current_deadline, extension.proposed_deadline, extension.requested_by) == (
        "pending", DEADLINE, wanted, housing_user)
    shared_problem.refresh_from_db()
    assert shared_problem.deadline == DEADLINE  # unchanged until the county decides

    client.force_login(county_office)
    body = client.get(reverse("rectification:detail", args=[shared_problem.pk])).content.decode()
    assert "同意延期" in body and "雨季无法施工" in body
    client.post(reverse("rectification:decide_extension", args=[shared_problem.pk, extension.pk]),
                {"decision": "grant", "note": "同意"})
    shared_problem.refresh_from_db()
    extension.refresh_from_db()
    assert shared_problem.deadline == wanted
    assert (extension.status, extension.decided_by) == ("granted", county_office)
    assert list(shared_problem.events.values_list("action", "note"))[-2:] == [
        (ProblemEvent.Action.ASK_EXTENSION, f"申请延至 {wanted:%Y-%m-%d}：雨季无法施工"),
        (ProblemEvent.Action.GRANT_EXTENSION, f"同意延至 {wanted:%Y-%m-%d}（原时限 {DEADLINE:%Y-%m-%d}）：同意"),
    ]


def test_an_extension_refused_keeps_the_deadline_and_needs_a_reason(client, shared_problem, housing_user,
                                                                   county_office):
    extension = extensions.request_extension(shared_problem, by=housing_user,
                                           proposed_deadline=DEADLINE + timedelta(days=5), reason="人手不足")
    client.force_login(county_office)
    url = reverse("rectification:decide_extension", args=[shared_problem.pk, extension.pk])
    response = client.post(url, {"decision": "refuse", "note": ""})
    assert "驳回延期申请必须说明理由" in page_after(client, response)
    extension.refresh_from_db()
    assert extension.status == "pending"
    client.post(url, {"decision": "refuse", "note": "可先行加固，按期完成"})
    extension.refresh_from_db()
    shared_problem.refresh_from_db()
    assert (extension.status, extension.decision_note) == ("refused", "可先行加固，按期完成")
    assert shared_problem.deadline == DEADLINE
    event = shared_problem.events.last()
    assert (event.action, event.by, event.note) == (ProblemEvent.Action.REFUSE_EXTENSION, county_office,
                                                    "驳回延期申请：可先行加固，按期完成")


def test_a_department_cannot_decide_its_own_extension(client, shared_problem, housing_user):
    extension = extensions.request_extension(shared_problem, by=housing_user,
                                           proposed_deadline=DEADLINE + timedelta(days=5), reason="人手不足")
    client.force_login(housing_user)
    response = client.post(reverse("rectification:decide_extension", args=[shared_problem.pk, extension.pk]),
                           {"decision": "grant"})
    assert "只有县级及以上办公室可以审批延期申请" in page_after(client, response)
    extension.refresh_from_db()
    shared_problem.refresh_from_db()
    assert extension.status == "pending" and shared_problem.deadline == DEADLINE


def test_an_outsider_cannot_reach_the_extension(client, shared_problem, housing_user, outsider):
    extension = extensions.request_extension(shared_problem, by=housing_user,
                                           proposed_deadline=DEADLINE + timedelta(days=5), reason="人手不足")
    client.force_login(outsider)
    url = reverse("rectification:decide_extension", args=[shared_problem.pk, extension.pk])
    assert client.post(url, {"decision": "grant"}).status_code == 404
    extension.refresh_from_db()
    assert extension.status == "pending"


@pytest.mark.parametrize("proposed, reason, message", [
    (DEADLINE - timedelta(days=1), "理由", "申请的时限须晚于现时限"),
    (DEADLINE, "理由", "申请的时限须晚于现时限"),
    (DEADLINE + timedelta(days=3), "  ", "申请延期必须说明理由"),
])
def test_bad_extension_requests_are_refused(shared_problem, housing_user, proposed, reason, message):
    with pytest.raises(services.ProblemError, match=message):
        extensions.request_extension(shared_problem, by=housing_user, proposed_deadline=proposed, reason=reason)
    assert not ExtensionRequest.objects.exists()


def test_only_the_lead_asks_and_only_once_at_a_time(shared_problem, housing_user, health_user):
    with pytest.raises(services.ProblemError, match="只有牵头责任单位可以这样操作"):
        extensions.request_extension(shared_problem, by=health_user, proposed_deadline=DEADLINE + timedelta(days=3),
                                   reason="配合单位申请")
    extensions.request_extension(shared_problem, by=housing_user, proposed_deadline=DEADLINE + timedelta(days=3),
                               reason="第一次")
    with pytest.raises(services.ProblemError, match="该问题已有待审批的延期申请"):
        extensions.request_extension(shared_problem, by=housing_user, proposed_deadline=DEADLINE + timedelta(days=9),
                                   reason="第二次")
    assert ExtensionRequest.objects.count() == 1


def test_the_extension_form_shows_chinese_errors(client, shared_problem, housing_user):
    client.force_login(housing_user)
    response = act(client, shared_problem, "extend", proposed_deadline="明天", reason="")
    body = response.content.decode()
    assert response.status_code == 422
    assert "日期格式应为 年-月-日" in body and "申请延期必须说明理由" in body
    assert not ExtensionRequest.objects.exists()


def test_the_county_sets_deadlines_and_modes(client, shared_problem, housing, health, county_office):
    client.force_login(county_office)
    act(client, shared_problem, "assign", department=housing.pk, co_departments=[health.pk], mode="immediate",
        deadline="")
    shared_problem.refresh_from_db()
    assert (shared_problem.mode, shared_problem.deadline) == (Problem.Mode.IMMEDIATE, DEADLINE)
    act(client, shared_problem, "assign", department=housing.pk, co_departments=[health.pk], mode="deadline",
        deadline="2099-11-30")
    shared_problem.refresh_from_db()
    assert (shared_problem.mode, shared_problem.deadline) == (Problem.Mode.DEADLINE, date(2099, 11, 30))
