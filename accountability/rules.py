"""The rules that open draft cases by themselves: what each finds, as proposals (reads only).

- error rate: a unit on a spot check's 问责 list (spotchecks.comparison: a rate at or above the
  campaign's `error_threshold`, 004 四(三) "误差率仍在**.*%以上的 … 启动问责程序");
- overdue: a lead unit (department, or the township where none) with problems unresolved more than
  `ACCOUNTABILITY_OVERDUE_DAYS` past their deadline;
- satisfaction: a county whose 满意度 (satisfaction.by_county) is below `ACCOUNTABILITY_MIN_SATISFACTION` %,
  with at least `ACCOUNTABILITY_MIN_SATISFACTION_ANSWERS` households asked (004: "群众满意度低的 …").

Each proposal carries a rule key naming the rule, its source and its subject: services.apply_rules
keeps one case per key.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from rectification.models import Problem
from spotchecks import comparison
from spotchecks.models import SpotCheck
from units import codes
from units.models import AdminUnit, Department

from . import satisfaction
from .models import AccountabilityCase, handling_code

Reason = AccountabilityCase.Reason


def overdue_days() -> int:
    return int(getattr(settings, "ACCOUNTABILITY_OVERDUE_DAYS", 30))


def min_satisfaction() -> float:
    return float(getattr(settings, "ACCOUNTABILITY_MIN_SATISFACTION", 90))


def min_satisfaction_answers() -> int:
    return int(getattr(settings, "ACCOUNTABILITY_MIN_SATISFACTION_ANSWERS", 10))


@dataclass
class Proposal:
    rule_key: str
    reason: str
    campaign_id: int
    unit_code: str
    handling_code: str
    summary: str
    evidence: dict
    department_id: int | None = None
    person: str = ""
    spot_check_id: int | None = None
    problem_ids: list = field(default_factory=list)


def _leaders(code: str, county_role: str) -> str:
    """Whom the city plan holds to account for a county; below a county the office names the person."""
    return county_role if codes.level_of(code) == codes.Level.COUNTY else ""


def error_rate(campaign) -> list[Proposal]:
    if campaign.error_threshold is None:
        return []
    threshold = float(campaign.error_threshold)
    proposals = []
    names = {}
    for spot_check in SpotCheck.objects.filter(campaign=campaign, status=SpotCheck.Status.PUBLISHED).order_by("pk"):
        report = comparison.compare(spot_check)
        units = comparison.accountable_by_unit(report)
        names.update(AdminUnit.objects.filter(code__in=set(units) - set(names)).values_list("code", "name"))
        for code, rates in units.items():
            rate = comparison.rate_of(report, code)
            shown = "，".join(f"{label} {value}%" for label, value in rates)
            proposals.append(Proposal(
                rule_key=f"error_rate:{spot_check.pk}:{code}", reason=Reason.ERROR_RATE, campaign_id=campaign.pk,
                unit_code=code, handling_code=handling_code(code), spot_check_id=spot_check.pk,
                person=_leaders(code, "党政主要领导"),
                summary=f"{names.get(code, code)}{spot_check.title}{shown}，达到问责阈值 {threshold:g}%",
                evidence={"threshold": threshold, "spot_check": spot_check.pk,
                          "rates": [[label, value] for label, value in rates],
                          "compared": rate.compared if rate else 0, "errors": rate.errors if rate else 0},
            ))
    return proposals


def overdue(campaign, today=None) -> list[Proposal]:
    """One proposal per lead unit with problems overdue more than the limit."""
    today = today or timezone.localdate()
    limit = overdue_days()
    late = (Problem.objects.filter(campaign=campaign).overdue(today - timedelta(days=limit))
            .order_by("pk").values_list("pk", "unit_id", "department_id", "deadline"))
    groups: dict[tuple, list] = {}
    for pk, unit_code, department_id, deadline in late:
        if department_id:
            key = ("department", department_id)
        else:
            key = ("unit", codes.township_code(unit_code) if codes.is_at_or_below(unit_code, codes.TOWNSHIP)
                   else unit_code)
        groups.setdefault(key, []).append((pk, deadline))
    departments = Department.objects.in_bulk([v for k, v in groups if k == "department"])
    names = dict(AdminUnit.objects.filter(code__in=[v for k, v in groups if k == "unit"]).values_list("code", "name"))
    proposals = []
    for (kind, value), rows in sorted(groups.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        oldest = min(deadline for _, deadline in rows)
        if kind == "department":
            department = departments[value]
            unit_code, handler, name, department_id = department.county_id, department.county_id, str(department), value
        else:
            unit_code, handler, name, department_id = value, handling_code(value), names.get(value, value), None
        proposals.append(Proposal(
            rule_key=f"overdue:{campaign.pk}:{kind}:{value}", reason=Reason.OVERDUE, campaign_id=campaign.pk,
            unit_code=unit_code, handling_code=handler, department_id=department_id,
            summary=f"{name}有 {len(rows)} 个问题逾期超过 {limit} 天未整改",
            evidence={"limit_days": limit, "overdue": len(rows), "oldest_deadline": oldest.isoformat(),
                      "as_of": today.isoformat()},
            problem_ids=[pk for pk, _ in rows],
        ))
    return proposals


def low_satisfaction(campaign) -> list[Proposal]:
    floor, least = min_satisfaction(), min_satisfaction_answers()
    figures = {code: figure for code, figure in satisfaction.by_county(campaign).items()
               if figure.asked >= least and figure.rate < floor}
    names = dict(AdminUnit.objects.filter(code__in=figures).values_list("code", "name"))
    return [
        Proposal(
            rule_key=f"satisfaction:{campaign.pk}:{code}", reason=Reason.SATISFACTION, campaign_id=campaign.pk,
            unit_code=code, handling_code=handling_code(code), person="负责帮扶工作的主管领导",
            summary=f"{names.get(code, code)}群众满意度 {figure.rate}%，低于 {floor:g}%",
            evidence={"asked": figure.asked, "dissatisfied": figure.dissatisfied, "rate": figure.rate,
                      "floor": floor},
        )
        for code, figure in figures.items()
    ]


def proposals(campaign, today=None) -> list[Proposal]:
    return [*error_rate(campaign), *overdue(campaign, today), *low_satisfaction(campaign)]
