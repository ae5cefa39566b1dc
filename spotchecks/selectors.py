"""The read gate of spot checks, and who may draw, assign and inspect: decided here, once per request.

Two units matter for every spot check. The *checking* unit is the office that checks: the
city for 市级抽查 and 交叉对检, the county for 县级复核 (the scope drawn may be deeper, e.g.
a city office drawing inside one county). The *checked* units are the units directly below
the checking unit that hold the sample: the counties for the city, the townships for a county.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.roles import Capability, Role
from accounts.scoping import can, grants_of, holds, scope
from campaigns.models import Phase
from units import codes
from units.models import CODE_LENGTH, AdminUnit, Level

from .models import InspectorAssignment, Inspection, SpotCheck

Kind = SpotCheck.Kind

DRAW_CAPABILITY = {Kind.COUNTY: Capability.MANAGE, Kind.CITY: Capability.SAMPLE, Kind.CROSS: Capability.SAMPLE}
CHECKING_LEVEL = {Kind.COUNTY: Level.COUNTY, Kind.CITY: Level.CITY, Kind.CROSS: Level.CITY}
PHASE = {Kind.COUNTY: Phase.Kind.COUNTY_REVIEW, Kind.CITY: Phase.Kind.CITY_SPOT_CHECK,
         Kind.CROSS: Phase.Kind.CITY_SPOT_CHECK}
LENGTHS = sorted(CODE_LENGTH.values())


def checking_code(kind: str, unit_code: str) -> str:
    """The checking unit's code: the drawn scope cut to the level of the office that checks."""
    return codes.cut_to(unit_code, CODE_LENGTH[CHECKING_LEVEL[kind]])


def checked_code(checking: str, sampled: str) -> str:
    """The unit directly below the checking unit that holds a sampled unit (the unit itself at worst)."""
    below = [n for n in LENGTHS if n > len(checking)]
    return sampled[:below[0]] if below else sampled


def may_draw(user, kind: str, unit_code: str) -> bool:
    """The office that checks: the city office (市级抽查, 交叉对检), a county office (县级复核), or above."""
    return can(user, checking_code(kind, unit_code), DRAW_CAPABILITY[kind])


def may_manage(user, spot_check: SpotCheck) -> bool:
    """The office that drew the spot check, or one above it: assigns inspectors, reads the comparison."""
    return may_draw(user, spot_check.kind, spot_check.unit_id)


def may_draw_somewhere(user) -> bool:
    """Whether the sampling form is shown at all; the draw itself is checked against its scope."""
    return holds(user, *set(DRAW_CAPABILITY.values()))


def _checking(user, rows, kind_field="kind"):
    """The rows of the spot checks this user's office checks with (or is above): never the units checked,
    who must not learn the sample before the inspectors come."""
    county = scope(user, rows.filter(**{kind_field: Kind.COUNTY}), DRAW_CAPABILITY[Kind.COUNTY])
    city = scope(user, rows.exclude(**{kind_field: Kind.COUNTY}), DRAW_CAPABILITY[Kind.CITY])
    return county | city


def spot_checks_for(user, campaign=None):
    rows = SpotCheck.objects.select_related("campaign", "unit", "drawn_by")
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    return _checking(user, rows)


def get_spot_check_for(user, pk) -> SpotCheck:
    spot_check = spot_checks_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if spot_check is None:
        raise Http404("不存在或不在您的管辖范围内")
    return spot_check


def phase_open(spot_check: SpotCheck, today=None) -> bool:
    """Inspectors work during the campaign's phases for this kind of check (any time when it has none);
    a plan may give one window per link (the city plan's 人员/帮扶 and 资金 抽查): any of them will do."""
    today = today or timezone.localdate()
    phases = [p for p in spot_check.campaign.phases.all() if p.kind == PHASE[spot_check.kind]]
    return not phases or any(p.is_open_on(today) for p in phases)


def _open_assignments(user, today):
    assignments = InspectorAssignment.objects.filter(inspector=user, spot_check__status=SpotCheck.Status.PUBLISHED) \
        .select_related("spot_check__campaign").prefetch_related("spot_check__campaign__phases")
    return [a for a in assignments if phase_open(a.spot_check, today)]


def _assigned(user, today) -> Q:
    condition = Q()
    for assignment in _open_assignments(user, today):
        condition |= Q(spot_check_id=assignment.spot_check_id, unit__code__subtree=assignment.county_code)
    return condition


def inspections_for(user, today=None):
    """The checking office sees its spot checks' inspections; an assigned inspector sees only their county's
    part of a published sample, during the campaign's phase for that check."""
    today = today or timezone.localdate()
    in_scope = Q(pk__in=_checking(user, Inspection.objects.all(), "spot_check__kind").values("pk"))
    assigned = _assigned(user, today)
    return Inspection.objects.filter(in_scope | assigned) if assigned else Inspection.objects.filter(in_scope)


def assigned_inspections(user, today=None):
    """The inspector's own work list: the parts of samples assigned to them, open now."""
    assigned = _assigned(user, today or timezone.localdate())
    rows = Inspection.objects.filter(assigned) if assigned else Inspection.objects.none()
    return rows.select_related("unit", "household", "template", "spot_check")


def may_fill(user, inspection: Inspection, today=None) -> bool:
    """The assigned inspector of the inspection's county part, while it is not submitted and the phase is open."""
    return (inspection.status != Inspection.Status.SUBMITTED
            and inspection.spot_check.status == SpotCheck.Status.PUBLISHED
            and InspectorAssignment.objects.filter(spot_check=inspection.spot_check, inspector=user,
                                                   county_code__in=_codes_up(inspection.unit)).exists()
            and phase_open(inspection.spot_check, today))


def _codes_up(unit: AdminUnit) -> list[str]:
    return [*unit.ancestor_codes(), unit.code]


@dataclass
class InspectionPage:
    inspection: Inspection
    may_fill: bool


def get_inspection_for(user, pk) -> InspectionPage:
    """The inspection (404 when hidden) and whether this user may fill it, decided in one pass."""
    inspection = inspections_for(user).select_related("spot_check__campaign", "template", "unit", "household",
                                                    "satisfaction") \
        .filter(pk=pk).first() if str(pk).isdigit() else None
    if inspection is None:
        raise Http404("不存在或不在您的检查范围内")
    return InspectionPage(inspection, may_fill(user, inspection))


def checked_units(spot_check: SpotCheck, county_code: str) -> list[str]:
    """The checked units holding the sampled units of this county's part of the sample."""
    checking = checking_code(spot_check.kind, spot_check.unit_id)
    sampled = spot_check.items.filter(unit__code__subtree=county_code).values_list("unit_id", flat=True).distinct()
    return sorted({checked_code(checking, code) for code in sampled})


def inspector_suggestions(spot_check: SpotCheck, limit: int = 50) -> list:
    """Accounts offered for 检查人员 (the office still may type any other): the staff of the checking unit
    itself, who never come from a checked unit; for 交叉对检 the staff of the counties under it (the one
    checked is refused when assigned). `inspector_conflict` stays the rule, checked at assignment."""
    checking = checking_code(spot_check.kind, spot_check.unit_id)
    if spot_check.kind == Kind.CROSS:
        where = Q(unitgrant__content_object__parent_id=checking, unitgrant__content_object__level=Level.COUNTY)
    else:
        where = Q(unitgrant__content_object_id=checking)
    return list(get_user_model().objects.filter(where, is_active=True).distinct().order_by("username")[:limit])


def inspector_conflict(spot_check: SpotCheck, county_code: str, inspector) -> str:
    """Why this user may not inspect this part of the sample, in Chinese ('' when they may).

    An inspector is never from the units checked: refused when they hold any role on a checked
    unit's subtree (its office, its townships and villages, its departments), or on a unit between
    it and the checking unit. Roles on the checking unit itself, or above it, are the checkers'
    own. A 交叉对检 inspector must come from another unit of the same checking unit.
    """
    if not inspector.is_active:
        return f"账号 {inspector.username} 已停用，不能安排为检查人员"
    checking = checking_code(spot_check.kind, spot_check.unit_id)
    checked = checked_units(spot_check, county_code)
    grants = grants_of(inspector)
    codes = {g.unit_code for g in grants}
    between = {code for c in checked for code in AdminUnit(code=c).ancestor_codes() if len(code) > len(checking)}
    inside = Q(code__in=between)
    for code in checked:
        inside |= Q(code__subtree=code)
    clash = AdminUnit.objects.filter(inside, code__in=codes).order_by("code").first() if codes and checked else None
    if clash is not None:
        grant = next(g for g in grants if g.unit_code == clash.code)
        role = f"{grant.department_name}（责任单位）" if grant.role == Role.DEPARTMENT else grant.role_label
        return f"检查人员不能来自被检查的单位：{inspector.username} 是{clash.name}（{clash.code}）的{role}"
    if spot_check.kind == Kind.CROSS and not AdminUnit.objects.filter(
            code__in=codes, code__subtree=checking).exclude(code=checking).exists():
        return "交叉对检的检查人员须来自本市其他县（区）的单位"
    return ""
