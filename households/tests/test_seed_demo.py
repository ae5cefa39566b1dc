import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from households import idnumber
from households.models import Household
from tests.factories import make_unit


@pytest.fixture
def small_county(db):
    for code in ["411322100001", "411322100002", "411322101001"]:
        make_unit(code)
    return "411322"


def snapshot():
    return list(Household.objects.order_by("number").values_list("number", "head_name", "id_number_hash", "kind"))


def test_seed_demo_is_deterministic_and_safe_to_repeat(small_county, capsys):
    call_command("seed_demo", "--county", small_county, "--households-per-village", "5", "--seed", "7")
    first = snapshot()
    assert len(first) == 15
    call_command("seed_demo", "--county", small_county, "--households-per-village", "5", "--seed", "7")
    assert snapshot() == first
    assert "新增农户 0 户" in capsys.readouterr().out

    Household.objects.all().delete()
    call_command("seed_demo", "--county", small_county, "--households-per-village", "5", "--seed", "7")
    assert snapshot() == first


def test_seed_demo_households_are_realistic(small_county):
    call_command("seed_demo", "--county", small_county, "--households-per-village", "20", "--seed", "3",
                 "--no-accounts")
    for h in Household.objects.all():
        assert idnumber.validation_error(idnumber.decrypt(h.id_number_cipher)) is None
        assert h.id_number_masked.startswith("411322")
        assert 2 <= len(h.head_name) <= 3 and all("\u4e00" <= c <= "\u9fff" for c in h.head_name)
        assert h.members_able_to_work <= h.members
    assert Household.objects.values("kind").distinct().count() >= 3


def test_seed_demo_creates_demo_accounts_that_can_log_in(small_county, client):
    call_command("seed_demo", "--county", small_county, "--households-per-village", "1")
    county = get_user_model().objects.get(username="county")
    assert county.check_password("huitoukan2026")
    assert client.login(username="checker", password="huitoukan2026")


def test_seed_demo_refuses_a_county_that_was_not_loaded(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="未导入"):
        call_command("seed_demo", "--county", "411322")


def test_seed_demo_fills_the_demo_campaign_with_valid_forms_and_rolls_it_up(small_county, templates):
    from campaigns.models import Campaign
    from checklists import engine
    from checklists.models import Submission
    from dashboards.models import Ranking, Summary
    from rectification.models import Problem

    call_command("seed_demo", "--county", small_county, "--households-per-village", "30", "--fill-share", "0.5")
    campaign = Campaign.objects.get(document_number="方农工组〔2022〕17号")
    submitted = Submission.objects.filter(campaign=campaign, status__in=["submitted", "approved"])
    assert submitted.exists()
    for form in submitted.select_related("template"):
        answers, errors = engine.validate(form.template, {k: str(v) for k, v in form.answers.items()}, final=True)
        assert errors == {}, (form.template.code, errors)
    flagged = sum(len(engine.flagged(list(f.template.questions.all()), f.answers)) for f in submitted)
    assert Problem.objects.filter(campaign=campaign).count() == flagged
    county = Summary.objects.get(campaign=campaign, unit_id=small_county)
    assert county.households_submitted == submitted.filter(household__isnull=False).count()
    assert Ranking.objects.filter(campaign=campaign, unit_id=small_county).exists()

    call_command("seed_demo", "--county", small_county, "--households-per-village", "30")
    assert Campaign.objects.count() == 1


def test_seed_demo_builds_fills_and_rolls_up_a_province_campaign(small_county, templates):
    from campaigns.models import Campaign
    from checklists.models import Submission
    from dashboards.models import Summary
    from rectification.models import Problem

    make_unit("411421100001")  # a second city of the same province
    call_command("seed_demo", "--province", "41", "--households-per-village", "40", "--campaign",
                 "--fill-share", "0.6", "--seed", "5")
    campaign = Campaign.objects.get(scope_unit_id="41")
    forms = Submission.objects.filter(campaign=campaign)
    filled = forms.exclude(status="not_started")
    assert forms.filter(household__isnull=False).count() > 0
    assert 0.4 < filled.count() / forms.count() < 0.8
    assert filled.filter(answers={}).count() == 0 and not forms.filter(status="not_started").exclude(answers={}).exists()
    problems = Problem.objects.filter(campaign=campaign)
    assert problems.exists()
    assert set(problems.values_list("submission__status", flat=True)) <= {"submitted", "approved"}
    assert sorted(problems.values_list("number", flat=True)) == list(range(1, problems.count() + 1))
    province = Summary.objects.get(campaign=campaign, unit_id="41")
    assert province.problems_total == problems.count()
    assert province.households_total == forms.filter(household__isnull=False).count()

    call_command("seed_demo", "--province", "41", "--households-per-village", "40", "--campaign")
    assert Campaign.objects.filter(scope_unit_id="41").count() == 1


def test_seed_demo_province_campaign_without_forms_loaded_stops_before_generating(small_county):
    from django.core.management.base import CommandError

    from campaigns.models import Campaign

    with pytest.raises(CommandError, match="load_checklists"):
        call_command("seed_demo", "--province", "41", "--households-per-village", "5", "--campaign")
    assert not Household.objects.exists()
    assert not Campaign.objects.exists()
