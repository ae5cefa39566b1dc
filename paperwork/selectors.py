"""The read gate of 报送 and 通报: every row a page shows is fetched here, for the acting user."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.http import Http404

from accounts.roles import ROLE_CAPABILITIES, Capability
from accounts.scoping import can, get_in_scope_or_404, grants_of, scope, scope_overlapping
from dashboards.models import Ranking
from units.models import AdminUnit

from .models import Bulletin, Report, ReportDue, Standing, standing


def may_manage(user, campaign) -> bool:
    """The office that runs the campaign sets its reports and issues its 通报."""
    return can(user, campaign.scope_unit_id, Capability.MANAGE)


def may_review(user, unit: AdminUnit) -> bool:
    """An office above the unit (county, city) receives and returns the unit's reports."""
    return can(user, unit.code, Capability.MANAGE) and not hands_in_for(user, unit)


def hands_in_for(user, unit: AdminUnit) -> bool:
    """A unit hands in only its own reports: a grant to fill on that very unit, not one above it."""
    return unit.code in _own_codes(user)


def _own_codes(user) -> set[str]:
    if not user.is_active:
        return set()
    return {g.unit_code for g in grants_of(user)
            if not g.department_id and Capability.FILL in ROLE_CAPABILITIES[g.role]}


def get_unit_for(user, code: str) -> AdminUnit:
    """A unit the user may see (the scoping rule itself, which stays where it is as the unit gates move)."""
    return get_in_scope_or_404(user, AdminUnit.objects.all(), code=code)


def dues_of(campaign):
    return ReportDue.objects.filter(campaign=campaign)


def owing_units(due: ReportDue):
    """The units that must hand in this report: every unit of its level in the campaign."""
    return AdminUnit.objects.in_subtree(due.campaign.scope_unit_id).filter(level=due.level).order_by("code")


def own_units(user, campaign) -> list[AdminUnit]:
    """The units of the campaign the user hands in for."""
    codes = _own_codes(user)
    return list(AdminUnit.objects.in_subtree(campaign.scope_unit_id).filter(code__in=codes).order_by("code"))


@dataclass
class Cell:
    due: ReportDue
    due_date: date
    unit: AdminUnit
    report: Report | None
    standing: Standing


def _reports_by_key(dues, units) -> dict:
    rows = Report.objects.filter(due__in=dues, unit__in=units).select_related("submitted_by", "returned_by")
    return {(r.due_id, r.unit_id, r.due_date): r for r in rows}


def cells_for_unit(campaign, unit: AdminUnit, today: date) -> list[Cell]:
    """Every report the unit owes in the campaign, each due date with its standing."""
    dues = [d for d in dues_of(campaign) if d.level == unit.level]
    found = _reports_by_key(dues, [unit])
    return [Cell(d, day, unit, report := found.get((d.pk, unit.pk, day)), standing(report, day, today))
            for d in dues for day in d.due_dates(today)]


@dataclass
class Matrix:
    columns: list[tuple[ReportDue, date]]
    rows: list[tuple[AdminUnit, list[Cell | None]]]
    totals: dict


def matrix(user, campaign, today: date) -> Matrix:
    """Units × reports, for the office that receives them: the units of its scope in the campaign."""
    dues = list(dues_of(campaign))
    columns = [(d, day) for d in dues for day in d.due_dates(today)]
    levels = {d.level for d in dues}
    units = list(scope(user, AdminUnit.objects.in_subtree(campaign.scope_unit_id).filter(level__in=levels),
                       Capability.MANAGE).order_by("code"))
    found = _reports_by_key(dues, units)
    rows, totals = [], {s: 0 for s in Standing}
    for unit in units:
        cells = []
        for due, day in columns:
            if due.level != unit.level:
                cells.append(None)
                continue
            report = found.get((due.pk, unit.pk, day))
            cell = Cell(due, day, unit, report, standing(report, day, today))
            totals[cell.standing] += 1
            cells.append(cell)
        rows.append((unit, cells))
    return Matrix(columns, rows, {Standing(s).label: n for s, n in totals.items()})


def get_due_for(campaign, pk) -> ReportDue:
    """A report of a campaign the caller has already fetched through the campaign gate."""
    due = dues_of(campaign).filter(pk=pk).select_related("campaign").first()
    if due is None:
        raise Http404("不存在或不在您的管辖范围内")
    return due


def reports_for(user):
    return scope(user, Report.objects.select_related("due", "due__campaign", "unit"))


def get_report_for(user, pk) -> Report:
    return get_in_scope_or_404(user, reports_for(user), pk=pk)


def bulletins_for(user):
    """The 通报 of the user's units (drafts included), and those published to units the user works in."""
    own = scope(user, Bulletin.objects.all()).values("pk")
    published = scope_overlapping(user, Bulletin.objects.filter(published_at__isnull=False)).values("pk")
    return Bulletin.objects.filter(Q(pk__in=own) | Q(pk__in=published)).select_related("campaign", "unit")


def get_bulletin_for(user, pk) -> Bulletin:
    try:
        bulletin = bulletins_for(user).filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError):
        bulletin = None
    if bulletin is None:
        raise Http404("不存在或不在您的管辖范围内")
    return bulletin


def campaign_bulletins(user, campaign):
    return bulletins_for(user).filter(campaign=campaign)


def rankings_to_issue(user, campaign):
    """The frozen weekly rankings of the campaign the user may issue a 通报 on."""
    return scope(user, Ranking.objects.filter(campaign=campaign).select_related("unit"), Capability.MANAGE)



def may_manage_bulletin(user, bulletin: Bulletin) -> bool:
    return can(user, bulletin.unit.code, Capability.MANAGE)
