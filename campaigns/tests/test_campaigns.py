from datetime import date

from django.urls import reverse

from campaigns.models import Campaign, Phase
from checklists.models import Submission
from households.models import Household
from tests.factories import make_household


def targets_post(template, use=True, **targets) -> dict:
    """The POST fields of one form's row on the creation page."""
    data = {f"t{template.pk}-use": "on"} if use else {}
    data.update({f"t{template.pk}-{name}": value for name, value in targets.items()})
    return data


def campaign_post(loaded, forms=None, **overrides):
    forms = forms if forms is not None else {
        "fangcheng-household": {"household_kinds": ["poverty_exited", "monitored"],
                                "key_persons": ["has_elderly", "has_disabled", "has_petitioner",
                                                "has_special_hardship"]},
        "fangcheng-village": {}, "fangcheng-township": {},
    }
    data = {
        "name": "方城县巩固脱贫成果“回头看”靶向整改专项行动", "document_number": "方农工组〔2022〕17号",
        "scope_code": "411322", "issuing_code": "", "year": "2022",
        "phase-0-kind": "screening", "phase-0-starts_on": "2022-07-10", "phase-0-ends_on": "2022-07-30",
        "phase-1-kind": "rectification", "phase-1-starts_on": "2022-07-15", "phase-1-ends_on": "2022-08-20",
    }
    for code, targets in forms.items():
        data.update(targets_post(loaded[code], **targets))
    data.update(overrides)
    return data


def test_county_office_creates_a_campaign_and_its_work_list(client, county_office, templates, village, sibling_village,
                                                            other_township_village, outside_village,
                                                            django_capture_on_commit_callbacks):
    poor = make_household(village, kind=Household.Kind.POVERTY_EXITED)
    monitored = make_household(other_township_village, kind=Household.Kind.MONITORED)
    elderly_general = make_household(village, kind=Household.Kind.GENERAL, has_elderly=True)
    general = make_household(sibling_village, kind=Household.Kind.GENERAL)
    make_household(outside_village, kind=Household.Kind.POVERTY_EXITED)

    client.force_login(county_office)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("campaigns:create"), campaign_post(templates))
    assert "build_work_list" in repr(callbacks[0])  # the work list is built by a task enqueued on commit
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.work_ready
    assert {(p.kind, p.starts_on) for p in campaign.phases.all()} == {
        (Phase.Kind.SCREENING, date(2022, 7, 10)), (Phase.Kind.RECTIFICATION, date(2022, 7, 15))}

    household_forms = Submission.objects.filter(campaign=campaign, household__isnull=False)
    assert set(household_forms.values_list("household_id", flat=True)) == {poor.pk, monitored.pk, elderly_general.pk}
    assert general.pk not in household_forms.values_list("household_id", flat=True)
    village_forms = Submission.objects.filter(campaign=campaign, template__code="fangcheng-village")
    assert set(village_forms.values_list("unit_id", flat=True)) == {village.code, sibling_village.code,
                                                                    other_township_village.code}
    assert Submission.objects.filter(campaign=campaign, template__code="fangcheng-township").count() == 2


def test_building_the_work_list_again_adds_nothing(county_office, templates, household, county):
    from campaigns.services import build_work_list
    from tests.factories import make_campaign

    campaign = make_campaign(county, [templates["fangcheng-household"]], by=county_office)
    before = Submission.objects.count()
    build_work_list(campaign)
    assert Submission.objects.count() == before == 1


def test_bad_campaign_input_is_explained_in_chinese(client, county_office, templates):
    client.force_login(county_office)
    data = campaign_post(templates, forms={}, **{"phase-0-ends_on": "2022-07-01", "phase-1-ends_on": ""})
    body = client.post(reverse("campaigns:create"), data).content.decode()
    assert "结束日期不能早于开始日期" in body and "请至少选择一张排查表" in body and "要一起填写" in body
    assert not Campaign.objects.exists()


def test_a_campaign_cannot_be_set_outside_ones_scope(client, county_office, templates, outside_village):
    client.force_login(county_office)
    body = client.post(reverse("campaigns:create"), campaign_post(templates, scope_code="411321")).content.decode()
    assert "您无权在该区划设立专项行动" in body and not Campaign.objects.exists()


def test_township_and_checker_cannot_create_campaigns(client, township_office, checker, templates):
    for user in (township_office, checker):
        client.force_login(user)
        assert client.get(reverse("campaigns:create")).status_code == 404


def test_a_township_sees_the_county_campaign_but_only_its_own_part(client, campaign, township_office, county,
                                                                  other_township):
    client.force_login(township_office)
    assert client.get(reverse("campaigns:list")).content.decode().count(campaign.name) == 1
    response = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert response["Location"] == reverse("campaigns:unit", args=[campaign.pk, "411322100"])
    assert client.get(reverse("campaigns:unit", args=[campaign.pk, county.code])).status_code == 404
    assert client.get(reverse("campaigns:unit", args=[campaign.pk, other_township.code])).status_code == 404


def test_an_outsider_cannot_see_the_campaign(client, campaign, outsider):
    client.force_login(outsider)
    assert campaign.name not in client.get(reverse("campaigns:list")).content.decode()
    assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 404


def test_village_work_list_shows_who_is_done_and_who_must_be_visited(client, campaign, checker, village, household):
    other = make_household(village, kind=Household.Kind.MONITORED)
    from campaigns.services import build_work_list

    build_work_list(campaign)
    Submission.objects.filter(campaign=campaign, household=household).update(status=Submission.Status.SUBMITTED)
    client.force_login(checker)
    url = reverse("campaigns:unit", args=[campaign.pk, village.code])
    body = client.get(url).content.decode()
    assert household.head_name in body and other.head_name in body and "必到" in body
    body = client.get(url, {"status": "not_started"}).content.decode()
    assert other.head_name in body and household.head_name not in body


def test_progress_per_township_counts_the_forms(client, campaign, county_office, household, county):
    Submission.objects.filter(campaign=campaign, household=household).update(status=Submission.Status.APPROVED)
    client.force_login(county_office)
    response = client.get(reverse("campaigns:unit", args=[campaign.pk, county.code]))
    row = next(r for r in response.context["children"] if r["unit"].code == "411322100")
    assert (row["total"], row["submitted"], row["approved"], row["key_done"]) == (1, 1, 1, 1)


def test_work_list_query_count_is_flat(client, campaign, checker, village, django_assert_max_num_queries):
    for _ in range(20):
        make_household(village)
    from campaigns.services import build_work_list

    build_work_list(campaign)
    client.force_login(checker)
    with django_assert_max_num_queries(15):
        client.get(reverse("campaigns:unit", args=[campaign.pk, village.code]))
