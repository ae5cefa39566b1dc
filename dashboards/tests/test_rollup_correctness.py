import random
from unittest import mock

import pytest

from checklists.models import Submission
from dashboards import rollup
from dashboards.models import Summary
from dashboards.tests.conftest import TODAY, add_random_problem, direct_figures, stored_figures
from units.models import AdminUnit


def all_figures(campaign):
    return {s.unit_id: stored_figures(s) for s in Summary.objects.filter(campaign=campaign)}


def test_every_figure_matches_a_direct_count(city_campaign):
    rollup.refresh(city_campaign, None, today=TODAY)
    codes = list(AdminUnit.objects.in_subtree("4113").values_list("code", flat=True))
    assert Summary.objects.filter(campaign=city_campaign).count() == len(codes)
    for code in codes:
        summary = Summary.objects.get(campaign=city_campaign, unit_id=code)
        assert stored_figures(summary) == direct_figures(city_campaign, code), code
    city = Summary.objects.get(campaign=city_campaign, unit_id="4113")
    assert city.households_total > 0 and city.problems_total > 0 and city.problems_overdue > 0


def test_running_twice_changes_nothing(city_campaign):
    rollup.refresh(city_campaign, None, today=TODAY)
    first = all_figures(city_campaign)
    rollup.refresh(city_campaign, None, today=TODAY)
    assert all_figures(city_campaign) == first


def test_incremental_and_full_agree_after_random_changes(city_campaign, county_office):
    rng = random.Random(5)
    rollup.refresh(city_campaign, None, today=TODAY)
    forms = list(Submission.objects.filter(campaign=city_campaign))
    for _ in range(40):
        if rng.random() < 0.5:
            form = rng.choice(forms)
            form.status = rng.choice(list(Submission.Status.values))
            form.save(update_fields=["status"])
            changed = form.unit_id
        else:
            changed = add_random_problem(city_campaign, rng, county_office).unit_id
        rollup.refresh(city_campaign, changed, today=TODAY)
    incremental = all_figures(city_campaign)
    rollup.refresh(city_campaign, None, today=TODAY)
    assert incremental == all_figures(city_campaign)
    for code in ["4113", "411322", "411321", "411322100"]:
        assert incremental[code] == direct_figures(city_campaign, code)


def test_a_job_killed_half_way_leaves_the_previous_figures(city_campaign, county_office):
    rollup.refresh(city_campaign, None, today=TODAY)
    before = all_figures(city_campaign)
    add_random_problem(city_campaign, random.Random(1), county_office)
    with mock.patch("dashboards.rollup._write_snapshots", side_effect=RuntimeError("worker killed")):
        with pytest.raises(RuntimeError):
            rollup.refresh(city_campaign, None, today=TODAY)
    assert all_figures(city_campaign) == before


def test_changes_are_debounced_into_one_job_per_county(db, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from dashboards import tasks

    cache.clear()
    with mock.patch.object(tasks.refresh_summaries, "apply_async") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(20):
                tasks.schedule_refresh(7, "411322100001")
            tasks.schedule_refresh(7, "411321100001")
    assert enqueue.call_count == 2
    assert {call.args[0] for call in enqueue.call_args_list} == {(7, "411322100001"), (7, "411321100001")}
    assert all(call.kwargs["countdown"] == tasks.DEBOUNCE_SECONDS for call in enqueue.call_args_list)


def test_a_submission_refreshes_its_figures(client, campaign, checker, household, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from checklists.tests.conftest import fangcheng_household_answers

    form = Submission.objects.get(campaign=campaign, household=household)
    client.force_login(checker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("checklists:submission", args=[form.pk]),
                    {**fangcheng_household_answers(water_unsafe="yes", water_unsafe__desc="水浑"),
                     "action": "submit", "version": form.version})
    village = Summary.objects.get(campaign=campaign, unit_id=household.village_id)
    county = Summary.objects.get(campaign=campaign, unit_id="411322")
    assert (village.households_submitted, village.problems_total) == (1, 1)
    assert county.by_category == {"安全饮水": 1}


def test_the_partitioned_rebuild_equals_the_single_one(city_campaign):
    from dashboards.tasks import rebuild_campaign

    rollup.refresh(city_campaign, None)  # today, as the tasks use
    single = all_figures(city_campaign)
    Summary.objects.all().delete()
    rebuild_campaign.delay(city_campaign.pk)  # two counties: one task each, then the city re-summed
    assert all_figures(city_campaign) == single


def test_a_county_whose_code_ends_in_9_keeps_to_its_own_rows(templates, county_office):
    from tests.factories import make_campaign, make_household, make_unit

    for code in ["411329100001", "411329100002", "411330100001"]:
        make_household(make_unit(code))
    campaign = make_campaign(make_unit("4113"), [templates["fangcheng-household"]], by=county_office,
                             target_kinds=["poverty_exited", "monitored", "ten_groups", "low_income", "general"])
    rollup.refresh_county(campaign, "411329", today=TODAY)
    rollup.refresh_county(campaign, "411330", today=TODAY)
    assert Summary.objects.get(campaign=campaign, unit_id="411329").households_total == 2
    assert Summary.objects.get(campaign=campaign, unit_id="411330").households_total == 1
    assert not Summary.objects.filter(campaign=campaign, unit_id="4113").exists()  # above the county: not touched

