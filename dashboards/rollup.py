"""Roll-ups: a campaign's figures per unit, village → township → county → city, from source rows.

The database does all of it. One statement counts the campaign's submissions and problems
per unit they are attached to, adds each unit's counts to itself and to every ancestor by
joining the code prefixes (2, 4, 6, 9, 12 digits), and upserts one Summary row per unit of
the subtree; a second statement copies the headline figures into today's Snapshot rows. No
row passes through Python, so a province costs about what its GROUP BY costs.

A full rebuild covers the campaign's whole scope; an incremental refresh covers one county
and re-sums the few units above it from their children plus their own rows. Both run inside
one transaction: running twice changes nothing, and a job killed half-way leaves the previous
figures in place.
"""

import json

from django.db import connection, transaction
from django.utils import timezone

from checklists.models import FormLevel, Submission
from rectification.models import Problem
from units import codes
from units.lookups import code_after
from units.models import AdminUnit

from .models import COUNTS, Summary

S = Submission.Status
CHECKED = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED)
SUBMITTED = (S.SUBMITTED, S.APPROVED)
P = Problem.Status

SUBMISSION_COUNTS = [name for name in COUNTS if not name.startswith("problems_")]
PROBLEM_COUNTS = [name for name in COUNTS if name.startswith("problems_")]

# A JSON object built from (key, value) rows, in each database's words.
JSON_OBJECT_AGG = {"postgresql": "jsonb_object_agg({key}, {value})", "sqlite": "json_group_object({key}, {value})"}
EMPTY_JSON = {"postgresql": "'{{}}'::jsonb", "sqlite": "'{{}}'"}


def _in(values) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")" if values else "(NULL)"


def _submission_filters(campaign) -> dict[str, str]:
    """The FILTER condition of every submission count, by column."""
    levels = dict(campaign.templates.values_list("pk", "level"))
    filters = {}
    for prefix, level in (("households", FormLevel.HOUSEHOLD), ("villages", FormLevel.VILLAGE)):
        ids = [str(pk) for pk, of in levels.items() if of == level]
        of_level = f"template_id IN ({', '.join(ids)})" if ids else "FALSE"
        filters[f"{prefix}_total"] = of_level
        filters[f"{prefix}_checked"] = f"{of_level} AND status IN {_in(CHECKED)}"
        filters[f"{prefix}_submitted"] = f"{of_level} AND status IN {_in(SUBMITTED)}"
        filters[f"{prefix}_approved"] = f"{of_level} AND status = '{S.APPROVED}'"
        filters[f"{prefix}_returned"] = f"{of_level} AND status = '{S.RETURNED}'"
        if prefix == "households":
            filters["key_total"] = f"{of_level} AND is_key"
            filters["key_done"] = f"{of_level} AND is_key AND status IN {_in(SUBMITTED)}"
    return filters


PROBLEM_FILTERS = {
    "problems_total": "TRUE",
    "problems_rectified": f"status IN {_in((P.RECTIFIED, P.CLOSED))}",
    "problems_closed": f"status = '{P.CLOSED}'",
    # ProblemQuerySet.overdue() in SQL: unresolved (Problem.RESOLVED) and past its deadline.
    "problems_overdue": f"deadline < %(today)s AND status NOT IN {_in(Problem.RESOLVED)}",
}


def _in_subtree(column: str) -> str:
    """A subtree by code range, as the `subtree` lookup writes it (see units/lookups.py)."""
    return f"{column} >= %(within)s AND {column} < %(after)s"


def _figures_sql(campaign, within: str, exact: bool) -> str:
    """A SELECT of (code, every count, by_category, by_source) for each unit of the subtree of
    `within` (only `within` itself, from rows attached to it, when `exact`)."""
    vendor = connection.vendor
    json_agg = JSON_OBJECT_AGG[vendor]
    empty = EMPTY_JSON[vendor].format()
    rows = "unit_id = %(within)s" if exact else _in_subtree("unit_id")
    lengths = "n = %(depth)s" if exact else "n >= %(depth)s"
    submission_counts = _submission_filters(campaign)
    own_submissions = ", ".join(f"COUNT(*) FILTER (WHERE {condition}) AS {name}"
                                for name, condition in submission_counts.items())
    own_problems = ", ".join(f"COUNT(*) FILTER (WHERE {condition}) AS {name}"
                             for name, condition in PROBLEM_FILTERS.items())
    summed = lambda names: ", ".join(f"SUM({name}) AS {name}" for name in names)  # noqa: E731
    figure = lambda name, source: f"COALESCE({source}.{name}, 0) AS {name}"  # noqa: E731
    return f"""
        WITH lengths(n) AS (VALUES {", ".join(f"({n})" for n in codes.LENGTHS)}),
        own_submissions AS (
            SELECT unit_id, {own_submissions} FROM checklists_submission
            WHERE campaign_id = %(campaign)s AND {rows} GROUP BY unit_id),
        submissions AS (
            SELECT substr(unit_id, 1, n) AS code, {summed(SUBMISSION_COUNTS)}
            FROM own_submissions JOIN lengths ON n <= length(unit_id) AND {lengths} GROUP BY 1),
        own_problems AS (
            SELECT unit_id, category, source, {own_problems} FROM rectification_problem
            WHERE campaign_id = %(campaign)s AND {rows} AND status <> '{P.WITHDRAWN}'
            GROUP BY unit_id, category, source),
        problem_groups AS (
            SELECT substr(unit_id, 1, n) AS code, category, source, {summed(PROBLEM_COUNTS)}
            FROM own_problems JOIN lengths ON n <= length(unit_id) AND {lengths} GROUP BY 1, 2, 3),
        problems AS (SELECT code, {summed(PROBLEM_COUNTS)} FROM problem_groups GROUP BY code),
        categories AS (
            SELECT code, {json_agg.format(key="category", value="n")} AS counts
            FROM (SELECT code, category, SUM(problems_total) AS n FROM problem_groups GROUP BY 1, 2) AS c
            GROUP BY code),
        sources AS (
            SELECT code, {json_agg.format(key="source", value="n")} AS counts
            FROM (SELECT code, source, SUM(problems_total) AS n FROM problem_groups GROUP BY 1, 2) AS s
            GROUP BY code)
        SELECT u.code,
               {", ".join(figure(name, "submissions") for name in SUBMISSION_COUNTS)},
               {", ".join(figure(name, "problems") for name in PROBLEM_COUNTS)},
               COALESCE(categories.counts, {empty}) AS by_category,
               COALESCE(sources.counts, {empty}) AS by_source
        FROM units_adminunit u
        LEFT JOIN submissions ON submissions.code = u.code
        LEFT JOIN problems ON problems.code = u.code
        LEFT JOIN categories ON categories.code = u.code
        LEFT JOIN sources ON sources.code = u.code
        WHERE {"u.code = %(within)s" if exact else _in_subtree("u.code")}"""


def _params(campaign, within: str, today, now=None) -> dict:
    return {"campaign": campaign.pk, "within": within, "after": code_after(within), "depth": len(within),
            "today": today, "now": now}


def compute(campaign, within: str, today, exact: bool = False) -> dict[str, dict]:
    """Figures for every unit under `within` (inclusive), from source rows, read back as dicts."""
    with connection.cursor() as cursor:
        cursor.execute(_figures_sql(campaign, within, exact), _params(campaign, within, today))
        columns = [column[0] for column in cursor.description]
        figures = {}
        for row in cursor.fetchall():
            values = dict(zip(columns, row))
            code = values.pop("code")
            figures[code] = {**{name: int(values[name]) for name in COUNTS},
                             "by_category": _json(values["by_category"]), "by_source": _json(values["by_source"])}
    return figures


def _json(value) -> dict:
    return json.loads(value) if isinstance(value, str) else dict(value)


def _upsert(campaign, within: str, today, now) -> int:
    """Write every unit's figures under `within`: INSERT … SELECT … ON CONFLICT DO UPDATE.

    On PostgreSQL the figures are first computed into a temporary table, because a SELECT
    inside an INSERT never runs in parallel there while CREATE TABLE AS does (both cores
    count a province's two million forms).
    """
    columns = COUNTS + ["by_category", "by_source"]
    figures = f"({_figures_sql(campaign, within, exact=False)}) AS figures"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE IF EXISTS rollup_figures")
            cursor.execute(f"CREATE TEMPORARY TABLE rollup_figures ON COMMIT DROP AS SELECT * FROM {figures}",
                           _params(campaign, within, today))
            figures = "rollup_figures AS figures"
        cursor.execute(f"""
            INSERT INTO dashboards_summary (campaign_id, unit_id, computed_at, {", ".join(columns)})
            SELECT %(campaign)s, figures.code, %(now)s, {", ".join(f"figures.{name}" for name in columns)}
            FROM {figures} WHERE TRUE
            ON CONFLICT (campaign_id, unit_id) DO UPDATE SET computed_at = excluded.computed_at,
                {", ".join(f"{name} = excluded.{name}" for name in columns)}""",
                       _params(campaign, within, today, now))
        return cursor.rowcount


def _write(campaign, figures: dict[str, dict], now) -> None:
    """Upsert figures computed in Python (the few units re-summed above county level)."""
    rows = [
        Summary(campaign=campaign, unit_id=code, computed_at=now,
                by_category=f["by_category"], by_source=f["by_source"], **{name: f[name] for name in COUNTS})
        for code, f in figures.items()
    ]
    Summary.objects.bulk_create(rows, update_conflicts=True, unique_fields=["campaign", "unit"],
                                update_fields=COUNTS + ["by_category", "by_source", "computed_at"])


def _write_snapshots(campaign, within: str, day, exact: bool = False) -> None:
    """Today's headline figures of every unit down to township level under `within` (of `within`
    alone when `exact`), copied from its Summary rows."""
    sql = f"""
        INSERT INTO dashboards_snapshot (campaign_id, unit_id, day, households_total, households_submitted,
                                         problems_total, problems_closed)
        SELECT campaign_id, unit_id, %(day)s, households_total, households_submitted, problems_total, problems_closed
        FROM dashboards_summary
        WHERE campaign_id = %(campaign)s AND {"unit_id = %(within)s" if exact else _in_subtree("unit_id")}
              AND length(unit_id) <= 9
        ON CONFLICT (campaign_id, unit_id, day) DO UPDATE SET
            households_total = excluded.households_total, households_submitted = excluded.households_submitted,
            problems_total = excluded.problems_total, problems_closed = excluded.problems_closed"""
    with connection.cursor() as cursor:
        cursor.execute(sql, {"campaign": campaign.pk, "within": within, "after": code_after(within), "day": day})


def _rebuild(campaign, within: str, today) -> int:
    now = timezone.now()
    written = _upsert(campaign, within, today, now)
    _write_snapshots(campaign, within, timezone.localdate(now))
    return written


def _county_of(campaign, unit_code: str | None) -> str | None:
    """The county to refresh for a change at `unit_code`, or None when the whole campaign must be."""
    scope = campaign.scope_unit_id
    if unit_code is None or codes.is_at_or_below(scope, codes.COUNTY) \
            or not codes.is_at_or_below(unit_code, codes.COUNTY):
        return None
    return codes.county_code(unit_code)


@transaction.atomic
def refresh_county(campaign, county: str, today=None) -> int:
    """Recompute one county's subtree from source (a partition of a province roll-up)."""
    return _rebuild(campaign, county, today or timezone.localdate())


def _add(target: dict, figures: dict) -> None:
    for name in COUNTS:
        target[name] += figures[name]
    for name in ("by_category", "by_source"):
        for key, n in figures[name].items():
            target[name][key] = target[name].get(key, 0) + n


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
        total = compute(campaign, ancestor, today, exact=True)[ancestor]
        for summary in summaries:
            _add(total, {**{name: getattr(summary, name) for name in COUNTS},
                         "by_category": summary.by_category, "by_source": summary.by_source})
        _write(campaign, {ancestor: total}, now)
        _write_snapshots(campaign, ancestor, timezone.localdate(now), exact=True)
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
        return _rebuild(campaign, campaign.scope_unit_id, today)
    written = refresh_county(campaign, county, today)
    ancestors = [code for code in codes.ancestor_codes(county) if len(code) >= len(campaign.scope_unit_id)]
    resummed = resum_above(campaign, ancestors, today)
    if resummed < 0:
        return written + refresh(campaign, None, today)  # some child never computed: rebuild all
    return written + resummed
