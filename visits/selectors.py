"""The read gate of visits and satisfaction.

A helper (帮扶责任人) reaches the households assigned to them (`Household.helper`) and nothing
else through this app: no unit role gives it to them, and no unit role gives it to anyone else.
The month table (who visited which households, who did not) is for the offices that administer
the households' units — township office for its villages, county office, city office — and
reads the households in their scope. Satisfaction counts are read in the reader's scope.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.http import Http404

from accounts.roles import Capability
from accounts.scoping import can, grants_of, holds, scope
from households.models import Household
from units import codes
from units.models import AdminUnit

from .models import Satisfaction, Visit

REPORT_CAPABILITY = Capability.ADMINISTER  # township, county and city offices
ASSIGN_CAPABILITY = Capability.ADMINISTER
NOT_FOUND = "不存在或不在您的管辖范围内"


def person_name(user) -> str:
    return _name(user.first_name, user.last_name, user.username) if user else ""


# --- the helper's own households ---------------------------------------------------------------

def helped_households(user):
    """The households assigned to this helper (none for a deactivated account)."""
    if not user.is_active:
        return Household.objects.none()
    return Household.objects.filter(helper=user).select_related("village")


def is_helper(user) -> bool:
    return user.is_authenticated and helped_households(user).exists()


def get_helped_household(user, pk) -> Household:
    """One of the helper's own households; any other household is the same 404."""
    try:
        return helped_households(user).get(pk=pk)
    except (Household.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND)


def get_household_for_visits(user, pk) -> Household:
    """A household whose visits the user may read: one of their own, or one in their scope."""
    household = None
    try:
        household = (helped_households(user).filter(pk=pk).first()
                     or scope(user, Household.objects.select_related("village")).filter(pk=pk).first())
    except (ValueError, TypeError):
        pass
    if household is None:
        raise Http404(NOT_FOUND)
    return household


def visits_of(household):
    """The household's visits, newest first; `household` comes from one of the gates above."""
    return (Visit.objects.filter(household=household).select_related("helper", "satisfaction")
            .order_by("-visited_on", "-checked_in_at"))


def month_status(user, month: "Month") -> dict[int, int]:
    """For the helper's list: household id -> visits this month."""
    return dict(Visit.objects.filter(household__helper=user, visited_on__range=(month.first, month.last))
                .values_list("household").annotate(n=Count("pk")).values_list("household", "n").order_by())


# --- assigning helpers ---------------------------------------------------------------------------

def may_assign(user) -> bool:
    return holds(user, ASSIGN_CAPABILITY)


def assignable_households(user, *, unassigned: bool = False):
    households = scope(user, Household.objects.select_related("village", "helper"), ASSIGN_CAPABILITY)
    return households.filter(helper__isnull=True) if unassigned else households


def helper_works_in(helper, county_code: str) -> bool:
    """Whether the account holds a role (any, the helper role included) or a department of this county:
    only such an account may be a helper of the county's households."""
    return helper.is_active and any(codes.is_within(g.unit_code, county_code) for g in grants_of(helper))


# --- the month table -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Month:
    year: int
    month: int

    PATTERN = re.compile(r"^(\d{4})-(\d{2})$")

    @classmethod
    def parse(cls, value: str | None, today: date) -> "Month":
        match = cls.PATTERN.match(value or "")
        if match and 2000 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12:
            return cls(int(match[1]), int(match[2]))
        return cls(today.year, today.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def value(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def may_report(user) -> bool:
    return holds(user, REPORT_CAPABILITY)


def report_unit(user, code: str | None) -> AdminUnit:
    """The unit of a month table: one the user administers (their own top unit when none is asked)."""
    if not code:
        mine = sorted((g.unit_code for g in grants_of(user)), key=len)
        code = next((c for c in mine if can(user, c, REPORT_CAPABILITY)), "")
    unit = AdminUnit.objects.filter(code=code).first() if code and codes.is_code(code) else None
    if unit is None or not can(user, unit.code, REPORT_CAPABILITY):
        raise Http404(NOT_FOUND)
    return unit


def _visits_in(month: Month):
    return Visit.objects.filter(household=OuterRef("pk"), visited_on__range=(month.first, month.last))


class Status:
    VISITED, UNVISITED = "visited", "unvisited"
    CHOICES = [("", "全部"), (VISITED, "本月已走访"), (UNVISITED, "本月未走访")]


NO_HELPER = "none"  # the helper filter's value for households without a helper account


def month_households(user, unit: AdminUnit, month: Month, *, helper: str = "", status: str = ""):
    """Every household of the unit in the user's report scope, with its visits of the month
    (`month_visits`, `last_visit`); filtered by helper (an account id, NO_HELPER, or a helper's name)
    and status."""
    visits = _visits_in(month)
    households = scope(user, Household.objects.in_subtree(unit.code), REPORT_CAPABILITY).annotate(
        visited=Exists(visits),
        month_visits=Coalesce(Subquery(visits.order_by().values("household").annotate(n=Count("pk")).values("n"),
                                       output_field=IntegerField()), Value(0)),
        last_visit=Subquery(visits.order_by("-visited_on").values("visited_on")[:1]),
    ).select_related("village", "helper").order_by("village_id", "number")
    helper = helper.strip()
    if helper == NO_HELPER:
        households = households.filter(helper__isnull=True)
    elif helper.isdigit() and int(helper) < 2**63:
        households = households.filter(helper_id=int(helper))
    elif helper:
        households = households.filter(helper_name=helper)
    if status == Status.VISITED:
        households = households.filter(visited=True)
    elif status == Status.UNVISITED:
        households = households.filter(visited=False)
    return households


def visitors_of(household_ids, month: Month) -> dict[int, list[str]]:
    """Household id -> the names of who visited it in the month (for a page or a chunk of rows)."""
    found: dict[int, list[str]] = {}
    for household_id, first, last, username in (
            Visit.objects.filter(household__in=list(household_ids), visited_on__range=(month.first, month.last))
            .order_by("visited_on", "pk").values_list("household", "helper__first_name", "helper__last_name",
                                                      "helper__username")):
        names = found.setdefault(household_id, [])
        name = _name(first, last, username)
        if name not in names:
            names.append(name)
    return found


def _name(first: str, last: str, username: str) -> str:
    """A person's name as `person_name` gives it, from the columns."""
    return f"{first} {last}".strip().replace(" ", "") or username


def month_by_helper(user, unit: AdminUnit, month: Month):
    """Per assigned helper: households, households visited this month, households not visited, and
    the visits the helper recorded in the unit this month."""
    households = month_households(user, unit, month)
    rows = list(households.order_by().values("helper_id", "helper_name").annotate(
        total=Count("pk"), visited_count=Count("pk", filter=Q(visited=True))).order_by("helper_name", "helper_id"))
    recorded = dict(scope(user, Visit.objects.filter(village__code__subtree=unit.code,
                                                     visited_on__range=(month.first, month.last)), REPORT_CAPABILITY)
                    .values_list("helper").annotate(n=Count("pk")).values_list("helper", "n").order_by())
    for row in rows:
        row["unvisited_count"] = row["total"] - row["visited_count"]
        row["visits"] = recorded.get(row["helper_id"], 0) if row["helper_id"] else 0
    return rows


def month_by_village(user, unit: AdminUnit, month: Month):
    """Per village: households, with a helper account, visited this month, not visited."""
    households = month_households(user, unit, month)
    rows = list(households.order_by().values("village_id", "village__name").annotate(
        total=Count("pk"), with_helper=Count("pk", filter=Q(helper__isnull=False)),
        visited_count=Count("pk", filter=Q(visited=True)), last_visit=Max("last_visit"),
    ).order_by("village_id"))
    for row in rows:
        row["unvisited_count"] = row["total"] - row["visited_count"]
    return rows


# --- satisfaction --------------------------------------------------------------------------------

@dataclass(frozen=True)
class SatisfactionCounts:
    asked: int
    known: int
    satisfied: int

    @property
    def known_rate(self) -> float | None:
        return round(100 * self.known / self.asked, 1) if self.asked else None

    @property
    def satisfied_rate(self) -> float | None:
        return round(100 * self.satisfied / self.asked, 1) if self.asked else None


def satisfaction_by_unit(user, *, unit_code: str, level: str, start: date | None = None, end: date | None = None,
                         campaign=None, sources=None) -> dict[str, SatisfactionCounts]:
    """知晓、满意 per unit of `level` (county, township or village) under `unit_code`: how many times a
    household was asked, and how many of those answers were "knows the helper" and "satisfied".

    Every answer counts (a household asked at a visit and again by a spot check counts twice). For a
    period give `start`/`end` (days included); for a campaign give `campaign`: its spot checks'
    answers, and the visits' answers from the start of its first phase to the end of its last.
    `user` is the reader, whose scope applies; None is the system (a rule run by a task), unscoped.
    """
    rows = Satisfaction.objects.filter(village__code__subtree=unit_code)
    if user is not None:
        rows = scope(user, rows)
    if start:
        rows = rows.filter(asked_on__gte=start)
    if end:
        rows = rows.filter(asked_on__lte=end)
    if campaign is not None:
        rows = _of_campaign(rows, campaign)
    if sources:
        rows = rows.filter(source__in=sources)
    width = codes.CODE_LENGTH[level]
    grouped = (rows.annotate(unit=Substr("village_id", 1, width)).values("unit").annotate(
        asked=Count("pk"), known=Count("pk", filter=Q(knows_helper=True)),
        satisfied=Count("pk", filter=Q(satisfied=True))).order_by("unit"))
    return {row["unit"]: SatisfactionCounts(row["asked"], row["known"], row["satisfied"]) for row in grouped}



def _of_campaign(rows, campaign):
    """A campaign's answers: its spot checks', and the visits' from the start of its first phase to the end
    of its last."""
    span = campaign.phases.order_by().aggregate(first=Min("starts_on"), last=Max("ends_on"))
    in_span = Q(asked_on__range=(span["first"], span["last"])) if span["first"] else Q(pk__in=[])
    return rows.filter(Q(campaign=campaign) | Q(in_span, source=Satisfaction.Source.VISIT))


def campaign_answers(user, *, campaign):
    """Every 知晓、满意 answer of a campaign under its scope unit, one row per answer, oldest first:
    dicts of `id`, `household_id`, `village_id`, `source`, `asked_on`, `recorded_at`, `satisfied`.
    The campaign's window is the one `satisfaction_by_unit` counts; `user` None is the system."""
    rows = Satisfaction.objects.filter(village__code__subtree=campaign.scope_unit_id)
    if user is not None:
        rows = scope(user, rows)
    return (_of_campaign(rows, campaign).order_by("asked_on", "recorded_at", "pk")
            .values("id", "household_id", "village_id", "source", "asked_on", "recorded_at", "satisfied"))
