"""一周一调度一排队: the weekly ranking of townships in a county and counties in a city, frozen once made."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction

from units.models import AdminUnit, Level

from .models import Ranking, RankingEntry, Summary

CRITERIA = ("综合得分 = 排查覆盖率（已提交户/应查户）× 40% + 整改完成率（已整改/问题数）× 40% "
            "+ （1 − 逾期问题/问题数）× 20%；无问题时后两项按满分计；得分相同按区划代码排序。")


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def score(summary: Summary) -> Decimal:
    coverage = (summary.coverage or 0) / 100
    if summary.problems_total:
        rectified = summary.problems_rectified / summary.problems_total
        on_time = 1 - summary.problems_overdue / summary.problems_total
    else:
        rectified = on_time = 1
    return Decimal(str(round(100 * (0.4 * coverage + 0.4 * rectified + 0.2 * on_time), 2)))


def freeze(campaign, parent: AdminUnit, day: date) -> Ranking | None:
    """The ranking of `parent`'s children for the week of `day`; made once, never changed after."""
    week = week_of(day)
    existing = Ranking.objects.filter(campaign=campaign, unit=parent, week=week).first()
    if existing:
        return existing
    summaries = list(Summary.objects.filter(campaign=campaign, unit__parent=parent).select_related("unit"))
    if not summaries:
        return None
    ordered = sorted(summaries, key=lambda s: (-score(s), s.unit_id))
    try:
        with transaction.atomic():
            ranking = Ranking.objects.create(campaign=campaign, unit=parent, week=week, criteria=CRITERIA)
            RankingEntry.objects.bulk_create([
                RankingEntry(ranking=ranking, unit=s.unit, rank=position, score=score(s), coverage=s.coverage,
                             rectification_rate=s.rectification_rate, problems_overdue=s.problems_overdue)
                for position, s in enumerate(ordered, start=1)
            ])
    except IntegrityError:  # another worker froze it first
        return Ranking.objects.get(campaign=campaign, unit=parent, week=week)
    return ranking


def freeze_campaign(campaign, day: date) -> list[Ranking]:
    """Rank townships in every county of the scope, and counties in every city of it."""
    parents = AdminUnit.objects.in_subtree(campaign.scope_unit_id).filter(level__in=[Level.COUNTY, Level.CITY])
    return [r for parent in parents if (r := freeze(campaign, parent, day))]


def with_movement(ranking: Ranking) -> list[dict]:
    """This week's entries, each with how many places it moved since the previous ranking."""
    previous = (Ranking.objects.filter(campaign=ranking.campaign, unit=ranking.unit, week__lt=ranking.week)
                .order_by("-week").first())
    before = dict(previous.entries.values_list("unit_id", "rank")) if previous else {}
    return [
        {"entry": e, "movement": before[e.unit_id] - e.rank if e.unit_id in before else None}
        for e in ranking.entries.select_related("unit")
    ]
