"""Comparing the inspectors' findings with the self-check of the same subject: error rates and the 问责 list.

The same at every level: a household's or village's form is counted for its township and county, a
township's form for the township and its county, a county's (or its funds') form for the county.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from checklists import engine
from checklists.models import Submission
from units import codes

from .models import Inspection

IDENTIFICATION_IN, IDENTIFICATION_OUT = "wrongly_out", "wrongly_in"  # 应进未进, 应出未出
def _groups(unit_code: str) -> list[tuple[str, str]]:
    """(level, code) of the units a form's result counts for: its county, and its township if it has one."""
    groups = [("county", codes.county_code(unit_code))]
    if codes.is_at_or_below(unit_code, codes.TOWNSHIP):
        groups.append(("township", codes.township_code(unit_code)))
    return groups


@dataclass
class ItemResult:
    inspection: Inspection
    checker: str
    missed: list  # questions the inspector found and the township did not report
    over: list  # questions the township reported and the inspector did not find
    identification_error: bool = False  # 应进未进 found by the inspector, not by the self-check
    exit_error: bool = False  # 应出未出
    has_self_check: bool = True

    @property
    def has_error(self) -> bool:
        return bool(self.missed or self.over or self.identification_error or self.exit_error)


@dataclass
class Rate:
    compared: int = 0
    errors: int = 0
    identification_compared: int = 0
    identification_errors: int = 0
    exit_errors: int = 0

    @property
    def rate(self):
        return round(100 * self.errors / self.compared, 1) if self.compared else None

    @property
    def identification_rate(self):
        return round(100 * self.identification_errors / self.identification_compared, 1) \
            if self.identification_compared else None

    @property
    def exit_rate(self):
        return round(100 * self.exit_errors / self.identification_compared, 1) \
            if self.identification_compared else None


@dataclass
class Report:
    items: list
    by_township: dict = field(default_factory=dict)
    by_county: dict = field(default_factory=dict)
    by_checker: dict = field(default_factory=dict)
    by_question: dict = field(default_factory=dict)  # key -> (text, Rate)
    accountable: list = field(default_factory=list)  # (unit code, which rate, value)


def compare(spot_check) -> Report:
    inspections = list(spot_check.inspections.filter(status=Inspection.Status.SUBMITTED)
                       .select_related("template", "unit", "household").order_by("pk"))
    self_checks = {
        (s.template_id, s.unit_id, s.household_id): s
        for s in Submission.objects.filter(campaign=spot_check.campaign,
                                           status__in=[Submission.Status.SUBMITTED, Submission.Status.APPROVED],
                                           unit_id__in={i.unit_id for i in inspections}, department=None)
        .select_related("checker")
    }
    questions = {}
    report = Report(items=[])
    by_township, by_county, by_checker = defaultdict(Rate), defaultdict(Rate), defaultdict(Rate)
    by_question: dict = {}
    for inspection in inspections:
        flags = questions.setdefault(inspection.template_id, [q for q in engine.structure(inspection.template)[1]
                                                              if q.is_flag])
        own = self_checks.get((inspection.template_id, inspection.unit_id, inspection.household_id))
        reported = own.answers if own else {}
        found = inspection.answers
        result = ItemResult(
            inspection=inspection, checker=own.checker.username if own and own.checker else "（未自查）",
            missed=[q for q in flags if found.get(q.key) == engine.YES and reported.get(q.key) != engine.YES],
            over=[q for q in flags if reported.get(q.key) == engine.YES and found.get(q.key) == engine.NO],
            has_self_check=own is not None,
        )
        keys = {q.key for q in flags}
        identification = IDENTIFICATION_IN in keys and IDENTIFICATION_OUT in keys
        if identification:
            result.identification_error = found.get(IDENTIFICATION_IN) == engine.YES and \
                reported.get(IDENTIFICATION_IN) != engine.YES
            result.exit_error = found.get(IDENTIFICATION_OUT) == engine.YES and \
                reported.get(IDENTIFICATION_OUT) != engine.YES
        report.items.append(result)
        by_level = {"county": by_county, "township": by_township}
        rates = [by_level[level][code] for level, code in _groups(inspection.unit_id)]
        for rate in [*rates, by_checker[result.checker]]:
            rate.compared += 1
            rate.errors += result.has_error
            if identification:
                rate.identification_compared += 1
                rate.identification_errors += result.identification_error
                rate.exit_errors += result.exit_error
        for q in flags:
            text, rate = by_question.setdefault(q.key, (q.text, Rate()))
            rate.compared += 1
            rate.errors += q in result.missed or q in result.over
    report.by_township, report.by_county, report.by_checker = dict(by_township), dict(by_county), dict(by_checker)
    report.by_question = by_question
    threshold = spot_check.campaign.error_threshold
    if threshold is not None:
        for code, rate in sorted({**report.by_county, **report.by_township}.items()):
            for label, value in (("抽查误差率", rate.rate), ("识别误差率", rate.identification_rate),
                                 ("退出误差率", rate.exit_rate)):
                if value is not None and value >= float(threshold):
                    report.accountable.append((code, label, value))
    return report


def accountable_by_unit(report: Report) -> dict[str, list[tuple[str, float]]]:
    """The 问责 list per unit, in code order: {unit code: [(which rate, value), ...]} — one case per unit."""
    units: dict[str, list] = {}
    for code, label, value in report.accountable:
        units.setdefault(code, []).append((label, value))
    return units


def rate_of(report: Report, code: str) -> Rate | None:
    """The figures of a county or township of the report."""
    return report.by_county.get(code) or report.by_township.get(code)


def items_within(report: Report, spot_check, code: str) -> list:
    """The compared items of the units in this subtree."""
    inside = set(spot_check.inspections.filter(unit__code__subtree=code).values_list("pk", flat=True))
    return [item for item in report.items if item.inspection.pk in inside]
