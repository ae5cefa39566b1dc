from datetime import timedelta

from dashboards import rollup
from dashboards.models import Ranking
from dashboards.ranking import freeze, freeze_campaign, week_of, with_movement
from dashboards.tests.conftest import TODAY
from checklists.models import Submission
from units.models import AdminUnit


def test_rankings_are_frozen_for_the_week(city_campaign):
    rollup.refresh(city_campaign, None, today=TODAY)
    monday = week_of(TODAY)
    rankings = freeze_campaign(city_campaign, monday)
    assert {r.unit_id for r in rankings} == {"4113", "411322", "411321"}
    county = AdminUnit.objects.get(code="411322")
    ranking = Ranking.objects.get(campaign=city_campaign, unit=county)
    before = list(ranking.entries.values_list("unit_id", "rank", "score"))
    assert [rank for _, rank, _ in before] == [1, 2]

    # data changes later in the week: this week's ranking stays as it was
    Submission.objects.filter(campaign=city_campaign, unit__code__subtree="411322101").update(status="approved")
    rollup.refresh(city_campaign, None, today=TODAY)
    again = freeze(city_campaign, county, monday + timedelta(days=4))
    assert again.pk == ranking.pk
    assert list(again.entries.values_list("unit_id", "rank", "score")) == before


def test_next_week_shows_movement(city_campaign):
    county = AdminUnit.objects.get(code="411322")
    Submission.objects.filter(campaign=city_campaign, unit__code__subtree="411322100").update(status="approved")
    Submission.objects.filter(campaign=city_campaign, unit__code__subtree="411322101").update(status="not_started")
    rollup.refresh(city_campaign, None, today=TODAY)
    first = freeze(city_campaign, county, TODAY)
    assert first.entries.get(rank=1).unit_id == "411322100"

    Submission.objects.filter(campaign=city_campaign, unit__code__subtree="411322100").update(status="not_started")
    Submission.objects.filter(campaign=city_campaign, unit__code__subtree="411322101").update(status="approved")
    rollup.refresh(city_campaign, None, today=TODAY)
    second = freeze(city_campaign, county, TODAY + timedelta(days=7))
    assert second.week == week_of(TODAY) + timedelta(days=7)
    movement = {row["entry"].unit_id: row["movement"] for row in with_movement(second)}
    assert movement == {"411322101": 1, "411322100": -1}


def test_weekly_job_runs_on_the_beat_schedule(settings):
    assert settings.CELERY_BEAT_SCHEDULE["weekly-ranking"]["task"] == "dashboards.tasks.freeze_weekly_rankings"
