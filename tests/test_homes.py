"""Each role's home lists its own work, in order, with counts; 下一户 opens the next unfinished form."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from checklists.models import Submission
from households.models import Household
from huitoukan.homes import sections_for
from rectification.models import Problem
from rectification.services import NewProblem, department_for, open_problems
from tests.factories import make_household

S = Submission.Status


def seen(user):
    return [(s.title, s.count, [(r.text, r.note) for r in s.rows]) for s in sections_for(user, TODAY)]


TODAY = timezone.localdate()


@pytest.fixture
def day(campaign, village, household, county_office, department_user):
    """The village's forms: the key household returned, a second household drafted, a third waiting
    for review; the village form still to fill. Two problems for 卫健委, one overdue."""
    # the shared household's number comes from a counter (its length with it): fixed here, the first of the four
    Household.objects.filter(pk=household.pk).update(number="4113221000010001")
    household.refresh_from_db()
    plain = make_household(village, number="4113221000010002", head_name="李四")
    third = make_household(village, number="4113221000010003", head_name="王五")
    make_household(village, number="4113221000010004", head_name="赵六")
    from campaigns.services import build_work_list
    build_work_list(campaign)
    forms = {s.household_id: s for s in Submission.objects.filter(campaign=campaign, household__isnull=False)}
    Submission.objects.filter(pk=forms[household.pk].pk).update(status=S.RETURNED, return_reason="收入未填")
    Submission.objects.filter(pk=forms[plain.pk].pk).update(status=S.DRAFT)
    Submission.objects.filter(pk=forms[third.pk].pk).update(status=S.SUBMITTED, submitted_at=timezone.make_aware(timezone.datetime(2026, 11, 2, 9, 30)))
    health = department_for(village.code, "卫健")
    problems = open_problems([
        NewProblem(campaign_id=campaign.pk, unit_id=village.code, source="manual", category=c, description=c,
                   department=health) for c in ("医保未参保", "家庭医生未签约")]
        + [NewProblem(campaign_id=campaign.pk, unit_id=village.code, source="manual", category="道路未硬化",
                      description="道路未硬化")], by=county_office)
    Problem.objects.filter(pk=problems[2].pk).update(deadline=TODAY + timedelta(days=1))
    Problem.objects.filter(pk=problems[0].pk).update(deadline=TODAY + timedelta(days=5))
    Problem.objects.filter(pk=problems[1].pk).update(deadline=TODAY - timedelta(days=2))
    return forms


def test_each_role_sees_its_own_work_in_order(day, checker, reviewer, township_office, county_office,
                                               department_user, campaign, household):
    # the shared household's name comes from the factories' sequence, which depends on the tests run before
    returned = (f"{household.head_name}（{household.number}） · 新华街社区 · 重点户", "退回原因：收入未填")
    assert seen(checker) == [
        ("被退回的排查表", 1, [returned]),
        ("待填报（重点户在前）", 2, [("赵六（4113221000010004） · 新华街社区 · 重点户", ""), ("村级排查表 · 新华街社区", "")]),
        ("草稿（尚未提交）", 1, [("李四（4113221000010002） · 新华街社区 · 重点户", "")]),
    ]
    assert seen(reviewer) == [
        ("待我审核签字（先交先审）", 1, [("王五（4113221000010003） · 新华街社区 · 重点户", "提交于 11-02 09:30")])]
    late = (TODAY - timedelta(days=2)).isoformat()
    soon = (TODAY + timedelta(days=5)).isoformat()
    assert seen(township_office) == [
        ("辖区排查进度：已审核 0 / 6 份", 6, []),
        ("辖区被退回的排查表", 1, [returned]),
        ("本乡镇负责、本周到期（含已逾期）的问题", 1,
         [(f"2026-{campaign.pk}-000003 新华街社区 · 道路未硬化", f"时限 {(TODAY + timedelta(days=1)).isoformat()}")]),
    ]
    assert seen(department_user) == [
        ("本单位待整改的问题（逾期在前）", 2, [
            (f"2026-{campaign.pk}-000002 新华街社区 · 家庭医生未签约", f"已逾期 · 时限 {late} · 可在问题页申请延期"),
            (f"2026-{campaign.pk}-000001 新华街社区 · 医保未参保", f"时限 {soon} · 可在问题页申请延期")]),
        ("本单位要填报的排查表", 0, []),
    ]
    assert seen(county_office) == [
        ("数据看板", 1, [(campaign.name, "")]),
        ("待核验销号的问题", 0, []),
        ("抽查与检查进度", 0, []),
        ("方城县责任单位名单", 1, []),
        ("待确认的问责案件", 0, []),
    ]


def test_the_home_page_shows_the_sections_with_links(client, day, checker):
    client.force_login(checker)
    body = client.get(reverse("home")).content.decode()
    assert "我的待办" in body and "被退回的排查表（1）" in body and "退回原因：收入未填" in body
    assert reverse("checklists:submission", args=[day[next(iter(day))].pk]) in body


def test_next_household_opens_the_next_unfinished_form(client, day, checker, village, household):
    client.force_login(checker)
    forms = Submission.objects.filter(household__village=village).order_by("-is_key", "household__number")
    returned, draft, waiting, fresh = forms
    assert client.get(reverse("next_household") + f"?after={returned.pk}").url == \
        reverse("checklists:submission", args=[draft.pk])
    assert client.get(reverse("next_household") + f"?after={draft.pk}").url == \
        reverse("checklists:submission", args=[returned.pk])
    Submission.objects.filter(pk__in=[returned.pk, draft.pk, fresh.pk]).update(status=S.APPROVED)
    response = client.get(reverse("next_household") + f"?after={draft.pk}", follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "没有下一户了" in response.content.decode()


def test_a_helper_sees_its_households_not_visited_this_month(village, township, township_office):
    from accounts.roles import Role
    from tests.factories import make_user
    from visits import services as visits

    helper = make_user("helper_li", Role.HELPER, township)
    first = make_household(village, number="4113221000010007", head_name="周八")
    second = make_household(village, number="4113221000010008", head_name="吴九")
    visits.assign_helper(by=township_office, household_ids=[first.pk, second.pk], helper=helper, name="李帮扶")
    assert seen(helper) == [("本月未走访的帮扶户", 2, [("周八（4113221000010007） · 新华街社区", "入户走访签到"),
                                                    ("吴九（4113221000010008） · 新华街社区", "入户走访签到")])]
    visits.record_visit(by=helper, household=first, visited_on=TODAY, work_done="宣讲政策", manuals_checked=True,
                        knows_helper=True, satisfied=True)
    assert seen(helper) == [("本月未走访的帮扶户", 1, [("吴九（4113221000010008） · 新华街社区", "入户走访签到")])]


def test_a_problem_rectified_past_its_deadline_stays_overdue_but_says_it_waits_for_the_county(
        day, department_user, county_office, campaign):
    from rectification.services import mark_rectified, start

    late = Problem.objects.get(category="家庭医生未签约")
    start(late, by=department_user)
    mark_rectified(Problem.objects.get(pk=late.pk), by=department_user, evidence_text="已签约")
    assert seen(department_user)[0] == ("本单位待整改的问题（逾期在前）", 2, [
        (f"2026-{campaign.pk}-000002 新华街社区 · 家庭医生未签约",
         f"已整改待销号 · 已逾期 · 时限 {(TODAY - timedelta(days=2)).isoformat()}"),
        (f"2026-{campaign.pk}-000001 新华街社区 · 医保未参保",
         f"时限 {(TODAY + timedelta(days=5)).isoformat()} · 可在问题页申请延期")])
    assert ("待核验销号的问题", 1, []) in seen(county_office)
