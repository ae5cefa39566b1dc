"""Roll-ups: a campaign's figures per unit, village → township → county → city, from source rows.

The database does the counting (one GROUP BY over submissions, one over problems, both
keyed by the unit code each row carries); Python only adds the grouped counts up the
code prefixes. A full rebuild computes the whole scope; an incremental refresh computes
one county and re-sums the units above it from their children plus their own rows.
Both write with idempotent upserts inside one transaction: running twice changes
nothing, and a job killed half-way leaves the previous figures in place.
"""

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, When
from django.utils import timezone

from checklists.models import FormLevel, Submission
from rectification.models import Problem
from units.models import AdminUnit

from .models import COUNTS, Snapshot, Summary

LENGTHS = (2, 4, 6, 9, 12)
S = Submission.Status
CHECKED = {S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED}
SUBMITTED = {S.SUBMITTED, S.APPROVED}


def _empty() -> dict:
    return {**{name: 0 for name in COUNTS}, "by_category": Counter(), "by_source": Counter()}


def _submission_counts(level: str, status: str, is_key: bool, n: int) -> dict:
    prefix = "households" if level == FormLevel.HOUSEHOLD else "villages"
    counts = {f"{prefix}_total": n}
    if status in CHECKED:
        counts[f"{prefix}_checked"] = n
    if status in SUBMITTED:
        counts[f"{prefix}_submitted"] = n
    if status == S.APPROVED:
        counts[f"{prefix}_approved"] = n
    if status == S.RETURNED:
        counts[f"{prefix}_returned"] = n
    if level == FormLevel.HOUSEHOLD and is_key:
        counts["key_total"] = n
        if status in SUBMITTED:
            counts["key_done"] = n
    return counts


def _add(target: dict, counts: dict) -> None:
    for name, value in counts.items():
        if name in ("by_category", "by_source"):
            target[name].update(value)
        else:
            target[name] += value


def _grouped_rows(campaign, rows_filter: Q, today):
    """(unit code, counts) for the campaign's submissions and problems matching `rows_filter`."""
    levels = dict(campaign.templates.values_list("pk", "level"))
    submissions = (
        Submission.objects.filter(rows_filter, campaign=campaign)
        .values_list("unit_id", "template_id", "status", "is_key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unit_id, template_id, status, is_key, n in submissions:
        if levels.get(template_id) in (FormLevel.HOUSEHOLD, FormLevel.VILLAGE):
            yield unit_id, _submission_counts(levels[template_id], status, is_key, n)

    overdue = Case(When(Q(deadline__lt=today) & ~Q(status=Problem.Status.CLOSED), then=1), default=0,
                   output_field=IntegerField())
    problems = (
        Problem.objects.filter(rows_filter, campaign=campaign).exclude(status=Problem.Status.WITHDRAWN)
        .annotate(is_overdue=overdue)
        .values_list("unit_id", "status", "category", "source", "is_overdue")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unit_id, status, category, source, is_overdue, n in problems:
        counts = {"problems_total": n, "by_category": {category: n}, "by_source": {source: n}}
        if status in (Problem.Status.RECTIFIED, Problem.Status.CLOSED):
            counts["problems_rectified"] = n
        if status == Problem.Status.CLOSED:
            counts["problems_closed"] = n
        if is_overdue:
            counts["problems_overdue"] = n
        yield unit_id, counts


def compute(campaign, within: str, today) -> dict[str, dict]:
    """Figures for every unit under `within` (inclusive), from source rows.

    Grouped rows are first summed per unit they belong to, then each unit's sum is added
    to itself and its ancestors: a few hundred additions per county, not one per group.
    """
    own: dict[str, dict] = defaultdict(_empty)
    for unit_id, counts in _grouped_rows(campaign, Q(unit__code__startswith=within), today):
        _add(own[unit_id], counts)
    figures = {code: _empty() for code in AdminUnit.objects.in_subtree(within).values_list("code", flat=True)}
    for unit_id, counts in own.items():
        for length in LENGTHS:
            if len(within) <= length <= len(unit_id):
                code = unit_id[:length]
                if code not in figures:
                    figures[code] = _empty()
                _add(figures[code], counts)
    return figures


def _own(campaign, code: str, today) -> dict:
    """Figures of rows attached to the unit itself (a county-level problem, say), not to its children."""
    own = _empty()
    for _, counts in _grouped_rows(campaign, Q(unit_id=code), today):
        _add(own, counts)
    return own


def _from_summary(summary: Summary) -> dict:
    return {**{name: getattr(summary, name) for name in COUNTS},
            "by_category": Counter(summary.by_category), "by_source": Counter(summary.by_source)}


def _write(campaign, figures: dict[str, dict], now) -> None:
    rows = [
        Summary(campaign=campaign, unit_id=code, computed_at=now,
                by_category=dict(f["by_category"]), by_source=dict(f["by_source"]),
                **{name: f[name] for name in COUNTS})
        for code, f in figures.items()
    ]
    Summary.objects.bulk_create(rows, batch_size=2000, update_conflicts=True, unique_fields=["campaign", "unit"],
                                update_fields=COUNTS + ["by_category", "by_source", "computed_at"])
    snapshots = [
        Snapshot(campaign=campaign, unit_id=code, day=now.date(), households_total=f["households_total"],
                 households_submitted=f["households_submitted"], problems_total=f["problems_total"],
                 problems_closed=f["problems_closed"])
        for code, f in figures.items() if len(code) <= 9
    ]
    Snapshot.objects.bulk_create(snapshots, batch_size=2000, update_conflicts=True,
                                 unique_fields=["campaign", "unit", "day"],
                                 update_fields=["households_total", "households_submitted", "problems_total",
                                                "problems_closed"])


def _county_of(campaign, unit_code: str | None) -> str | None:
    """The county to refresh for a change at `unit_code`, or None when the whole campaign must be."""
    scope = campaign.scope_unit_id
    if unit_code is None or len(scope) >= 6 or len(unit_code) < 6:
        return None
    return unit_code[:6]


@transaction.atomic
def refresh_county(campaign, county: str, today=None) -> int:
    """Recompute one county's subtree from source (a partition of a province roll-up)."""
    today = today or timezone.localdate()
    figures = compute(campaign, county, today)
    _write(campaign, figures, timezone.now())
    return len(figures)


@transaction.atomic
def resum_above(campaign, codes: list[str], today=None) -> int:
    """Re-sum units above county level from their children's figures plus their own rows, deepest first.

    Returns -1 when a child was never computed (the caller rebuilds everything instead).
    """
    today = today or timezone.localdate()
    now = timezone.now()
    for ancestor in sorted(set(codes), key=len, reverse=True):
        children = list(AdminUnit.objects.filter(parent_id=ancestor).values_list("code", flat=True))
        summaries = list(Summary.objects.filter(campaign=campaign, unit_id__in=children))
        if len(summaries) < len(children):
            return -1
        total = _own(campaign, ancestor, today)
        for summary in summaries:
            _add(total, _from_summary(summary))
        _write(campaign, {ancestor: total}, now)
    return len(set(codes))


def units_above_counties(campaign) -> list[str]:
    scope = campaign.scope_unit_id
    return list(AdminUnit.objects.in_subtree(scope).filter(level__in=["province", "city"])
                .values_list("code", flat=True))


def counties_of(campaign) -> list[str]:
    return list(AdminUnit.objects.in_subtree(campaign.scope_unit_id).filter(level="county")
                .values_list("code", flat=True))


@transaction.atomic
def refresh(campaign, unit_code: str | None = None, today=None) -> int:
    """Recompute the figures a change at `unit_code` touches (all of them when None). Returns units written."""
    today = today or timezone.localdate()
    county = _county_of(campaign, unit_code)
    if county is None:
        figures = compute(campaign, campaign.scope_unit_id, today)
        _write(campaign, figures, timezone.now())
        return len(figures)
    written = refresh_county(campaign, county, today)
    ancestors = [county[:n] for n in LENGTHS if len(campaign.scope_unit_id) <= n < 6]
    resummed = resum_above(campaign, ancestors, today)
    if resummed < 0:
        return written + refresh(campaign, None, today)  # some child never computed: rebuild all
    return written + resummed
