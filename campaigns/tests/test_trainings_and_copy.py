"""大培训 and its submit gate; a campaign like the last one (来年再看) with its unfinished problems."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from campaigns.models import Campaign, Phase, Training
from campaigns.presets import PhaseSpec
from campaigns.services import CampaignError, copy_campaign
from checklists.models import Submission
from rectification.models import Problem
from rectification.services import record_problem
from tests.factories import make_campaign
from tests.test_seed_walk_steps import post_form

K = Phase.Kind


@pytest.fixture
def campaign(templates, county, household, county_office):
    campaign = make_campaign(county, [templates["fangcheng-household"], templates["fangcheng-village"]],
                             by=county_office, year=2022, phases=[
                                 (K.SCREENING, date(2022, 7, 10), date(2022, 7, 30)),
                                 PhaseSpec(K.RECTIFICATION, date(2022, 7, 15), date(2022, 8, 20), "", "集中整改", 5)])
    Campaign.objects.filter(pk=campaign.pk).update(require_training=True, error_threshold=30)
    campaign.refresh_from_db()
    return campaign


def alert(response) -> str:
    return unescape(re.search(r'<div class="alert conflict" role="alert">(.*?)</div>', response.content.decode()).group(1))


def test_an_untrained_checker_cannot_submit_and_keeps_what_was_typed(client, campaign, household, checker,
                                                                    county_office):
    form = Submission.objects.get(campaign=campaign, household=household)
    response = post_form(client, checker, form, members="5")
    assert response.status_code == 403
    assert alert(response) == (f"“{campaign.name}”要求排查人员先参加培训后再提交，但尚未登记任何培训。"
                               "请联系办公室安排培训；本表可以先保存草稿。")
    assert 'name="members" value="5"' in response.content.decode()  # nothing typed is lost
    client.force_login(county_office)
    client.post(reverse("campaigns:trainings", args=[campaign.pk]), {
        "held_on": "2022-07-09", "topic": "入户排查表填写", "trainer": "县乡村振兴局 李老师",
        "attendees": [county_office.pk]})
    response = post_form(client, checker, form)
    assert response.status_code == 403 and alert(response) == (
        f"“{campaign.name}”要求排查人员先参加培训后再提交：您未参加本次培训（2022-07-09“入户排查表填写”），"
        "请参加培训并由办公室登记后再提交；本表可以先保存草稿。")
    assert post_form(client, checker, form, action="save").status_code == 302  # a draft may be saved
    form.refresh_from_db()
    assert form.status == Submission.Status.DRAFT and not Problem.objects.exists()


def test_the_office_records_a_training_and_the_trained_checker_submits(client, campaign, household, checker,
                                                                       reviewer, county_office, outsider):
    client.force_login(county_office)
    page = client.get(reverse("campaigns:trainings", args=[campaign.pk])).content.decode()
    assert f'value="{checker.pk}"' in page and f'value="{outsider.pk}"' not in page  # accounts of its units only
    refused = client.post(reverse("campaigns:trainings", args=[campaign.pk]), {
        "held_on": "2022-07-09", "topic": "入户排查表填写", "trainer": "李老师", "attendees": [checker.pk, outsider.pk]})
    assert refused.status_code == 422 and "参训人员须为本专项行动范围内您管辖单位的账号" in refused.content.decode()
    assert client.post(reverse("campaigns:trainings", args=[campaign.pk]), {
        "held_on": "2022-07-09", "topic": "入户排查表填写", "trainer": "李老师",
        "attendees": [checker.pk, reviewer.pk]}).status_code == 302
    training = Training.objects.get()
    assert (training.topic, training.trainer, sorted(u.username for u in training.attendees.all())) == (
        "入户排查表填写", "李老师", ["checker", "reviewer"])

    client.force_login(checker)
    page = client.get(reverse("campaigns:trainings", args=[campaign.pk])).content.decode()
    assert "<td>2022-07-09</td><td>入户排查表填写</td><td>李老师</td><td class=\"num\">2</td>" in page
    assert "已参加" in page and "登记培训" not in page  # a checker sees the sessions, records none
    assert client.post(reverse("campaigns:trainings", args=[campaign.pk]), {
        "held_on": "2022-07-09", "topic": "x", "trainer": "x", "attendees": [checker.pk]}).status_code == 404
    form = Submission.objects.get(campaign=campaign, household=household)
    assert post_form(client, checker, form).status_code == 302
    form.refresh_from_db()
    assert form.status == Submission.Status.SUBMITTED and form.checker == checker


def test_without_the_requirement_nobody_is_asked_for_training(client, templates, county, household, checker,
                                                              county_office):
    campaign = make_campaign(county, [templates["fangcheng-household"]], by=county_office)
    form = Submission.objects.get(campaign=campaign, household=household)
    assert post_form(client, checker, form).status_code == 302


def test_the_creation_page_sets_the_requirement(client, county_office, templates):
    from campaigns.tests.test_campaigns import campaign_post

    client.force_login(county_office)
    assert client.post(reverse("campaigns:create"), campaign_post(templates, require_training="on")).status_code == 302
    assert Campaign.objects.get().require_training


def test_a_campaign_like_the_last_one_keeps_everything_and_carries_unfinished_problems(
        client, campaign, household, village, county_office, django_capture_on_commit_callbacks):
    open_one = record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                              category="住房保障", description="墙体开裂", household=household)
    done = record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                          category="饮水安全", description="水管破损", household=household)
    Problem.objects.filter(pk=done.pk).update(status=Problem.Status.WITHDRAWN)  # resolved: not carried
    client.force_login(county_office)
    page = client.get(reverse("campaigns:copy", args=[campaign.pk])).content.decode()
    assert 'value="2023"' in page and 'value="2023-07-10"' in page  # next year, phases moved by a year
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("campaigns:copy", args=[campaign.pk]), {
            "name": "方城县2023年回头看", "document_number": "方农工组〔2023〕1号", "scope_code": "411322",
            "year": "2023", "dates": "shift", "carry_over": "on"})
    assert response.status_code == 302
    new = Campaign.objects.get(year=2023)
    assert (new.copied_from, new.require_training, new.error_threshold, new.scope_unit_id, new.work_ready) == (
        campaign, True, 30, "411322", True)
    assert [(f.template.code, f.targets) for f in new.forms.select_related("template")] == [
        (f.template.code, f.targets) for f in campaign.forms.select_related("template")]
    assert [(p.kind, p.name, p.starts_on, p.ends_on, p.remind_days) for p in new.phases.all()] == [
        ("screening", "", date(2023, 7, 10), date(2023, 7, 30), 3),
        ("rectification", "集中整改", date(2023, 7, 15), date(2023, 8, 20), 5)]
    assert Submission.objects.filter(campaign=new).count() == Submission.objects.filter(campaign=campaign).count()
    [carried] = Problem.objects.filter(campaign=new)
    assert (carried.carried_from, carried.source, carried.description) == (open_one, Problem.Source.CARRY_OVER,
                                                                          "墙体开裂")


def test_a_copy_can_take_chosen_dates(client, campaign, county_office):
    client.force_login(county_office)
    rows = {"phase-0-kind": "mobilization", "phase-0-starts_on": "2024-03-01", "phase-0-ends_on": "2024-03-02",
            "phase-1-kind": "screening", "phase-1-starts_on": "2024-03-05", "phase-1-ends_on": "2024-04-05",
            "phase-1-remind_days": "2"}
    response = client.post(reverse("campaigns:copy", args=[campaign.pk]), {
        "name": "方城县2024年回头看", "document_number": "方农工组〔2024〕1号", "scope_code": "411322",
        "year": "2024", "dates": "chosen", **rows})
    assert response.status_code == 302
    new = Campaign.objects.get(year=2024)
    assert [(p.kind, p.starts_on, p.ends_on, p.remind_days) for p in new.phases.all()] == [
        ("mobilization", date(2024, 3, 1), date(2024, 3, 2), 3), ("screening", date(2024, 3, 5), date(2024, 4, 5), 2)]


def test_a_copy_refuses_a_scope_the_actor_does_not_hold(client, campaign, county_office, outside_village,
                                                         township_office):
    client.force_login(county_office)
    response = client.post(reverse("campaigns:copy", args=[campaign.pk]), {
        "name": "外县回头看", "document_number": "外〔2023〕1号", "scope_code": "411321", "year": "2023",
        "dates": "shift"})
    assert response.status_code == 422 and "您无权在该区划设立专项行动" in response.content.decode()
    with pytest.raises(CampaignError, match="您无权在该区划设立专项行动"):
        copy_campaign(by=county_office, source=campaign, name="x", document_number="x",
                      scope_unit=outside_village.parent.parent, year=2023)
    with pytest.raises(CampaignError, match="原专项行动不存在或不在您的管辖范围内"):
        copy_campaign(by=_outsider_office(outside_village), source=campaign, name="x", document_number="x",
                      scope_unit=outside_village.parent.parent, year=2023)
    client.force_login(township_office)  # sees the campaign, may not start one
    assert client.get(reverse("campaigns:copy", args=[campaign.pk])).status_code == 404
    assert Campaign.objects.count() == 1


def _outsider_office(outside_village):
    from accounts.roles import Role
    from tests.factories import make_user

    return make_user("outside_county", Role.COUNTY_OFFICE, outside_village.parent.parent)


def test_copying_without_carry_over_leaves_the_problems(client, campaign, household, village, county_office):
    record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced", category="住房保障",
                   description="墙体开裂", household=household)
    copy_campaign(by=county_office, source=campaign, name="再看", document_number="再〔2023〕1号",
                  scope_unit=campaign.scope_unit, year=2023, carry_over=False)
    assert Campaign.objects.filter(year=2023).exists() and not Problem.objects.filter(campaign__year=2023).exists()
