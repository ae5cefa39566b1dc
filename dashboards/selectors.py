from django.conf import settings
from django.utils import timezone

from accounts.roles import Capability
from accounts.scoping import can, get_in_scope_or_404
from campaigns.access import get_campaign_for
from rectification.access import problems_for
from units.models import AdminUnit

from .models import Ranking, Snapshot, Summary
from .ranking import week_of, with_movement


def read_db() -> str:
    """The replica for dashboard reads when DATABASE_REPLICA_URL is set, else the primary."""
    return "replica" if "replica" in settings.DATABASES else "default"


def get_campaign_unit_for(user, pk, code) -> tuple:
    """The campaign and one of its units, both within the user's reach; 404 otherwise."""
    campaign = get_campaign_for(user, pk)
    units = AdminUnit.objects.filter(code__subtree=campaign.scope_unit_id)
    return campaign, get_in_scope_or_404(user, units, code=code)


def may_rebuild(user, unit) -> bool:
    return can(user, unit.code, Capability.MANAGE)


def unit_summary(campaign, unit):
    return Summary.objects.using(read_db()).filter(campaign=campaign, unit=unit).first()


def child_summaries(campaign, unit):
    return (Summary.objects.using(read_db()).filter(campaign=campaign, unit__parent=unit).select_related("unit")
            .order_by("unit_id"))


def progress_series(campaign, unit) -> dict:
    rows = Snapshot.objects.using(read_db()).filter(campaign=campaign, unit=unit).order_by("day")
    return {
        "days": [r.day.isoformat() for r in rows],
        "coverage": [round(100 * r.households_submitted / r.households_total, 1) if r.households_total else 0
                     for r in rows],
        "closing": [round(100 * r.problems_closed / r.problems_total, 1) if r.problems_total else 0 for r in rows],
    }


def overdue_problems(user, campaign, unit, limit=20):
    return (problems_for(user).filter(campaign=campaign, unit__code__subtree=unit.code).overdue()
            .select_related("unit", "department", "campaign").order_by("deadline", "pk")[:limit])


def current_ranking(campaign, unit):
    """This week's frozen ranking of the unit's children (or the latest one), with movement."""
    ranking = (Ranking.objects.filter(campaign=campaign, unit=unit, week__lte=week_of(timezone.localdate()))
               .order_by("-week").first())
    return (ranking, with_movement(ranking)) if ranking else (None, [])
