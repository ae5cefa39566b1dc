"""What a spot check may draw from: the population snapshot and the forms of each subject's level."""

from django.db.models import Count
from django.db.models.functions import Substr

from checklists.models import FormLevel, Submission
from rectification.models import Problem
from units import codes
from units.models import CODE_LENGTH, AdminUnit, Level

from .models import SpotCheck

Subject, Strata = SpotCheck.Subject, SpotCheck.Strata

KEY_WEIGHT = 3
LOW_REPORTING_WEIGHT = 2

# The unit level drawn for each subject; a funds check draws counties (each county's fund use).
DRAWN_LEVEL = {
    Subject.HOUSEHOLD: Level.VILLAGE,  # households, keyed by their village
    Subject.VILLAGE: Level.VILLAGE,
    Subject.TOWNSHIP: Level.TOWNSHIP,
    Subject.COUNTY: Level.COUNTY,
    Subject.FUNDS: Level.COUNTY,
}

# The form levels inspected for each subject: a sampled village brings its households along.
FORM_LEVELS = {
    Subject.HOUSEHOLD: [FormLevel.HOUSEHOLD],
    Subject.VILLAGE: [FormLevel.VILLAGE, FormLevel.HOUSEHOLD],
    Subject.TOWNSHIP: [FormLevel.TOWNSHIP],
    Subject.COUNTY: [FormLevel.COUNTY],
    Subject.FUNDS: [FormLevel.COUNTY],
}

# A stratum must lie above what is drawn: townships are drawn per county, counties from the whole scope.
STRATA_ALLOWED = {
    Subject.HOUSEHOLD: {Strata.COUNTY, Strata.TOWNSHIP, Strata.NONE},
    Subject.VILLAGE: {Strata.COUNTY, Strata.TOWNSHIP, Strata.NONE},
    Subject.TOWNSHIP: {Strata.COUNTY, Strata.NONE},
    Subject.COUNTY: {Strata.NONE},
    Subject.FUNDS: {Strata.NONE},
}
STRATA_MESSAGE = {
    Subject.TOWNSHIP: "抽取乡镇时只能按县分层或不分层",
    Subject.COUNTY: "抽取县时只能不分层",
    Subject.FUNDS: "资金抽查按县抽取，只能不分层",
}


class PopulationError(ValueError):
    pass


def check_strata(subject: str, strata: str) -> None:
    if strata not in STRATA_ALLOWED[subject]:
        raise PopulationError(STRATA_MESSAGE[subject])


def forms_for(campaign, subject: str, chosen=()) -> list:
    """The campaign's forms the inspectors fill for this subject, chosen by their level.

    A chosen form must be one of the campaign's and of a level this subject inspects. A funds
    check with no choice needs the campaign to have at most one county form: a county work
    form and a funds form are both filled by the county, and only the office can tell them apart.
    A campaign without forms of the level still gets its sample, inspected on paper.
    """
    levels = FORM_LEVELS[subject]
    own = {t.pk: t for t in campaign.templates.all()}
    if chosen:
        for template in chosen:
            if template.pk not in own:
                raise PopulationError(f"“{template.name}”不是本专项行动的排查表")
            if template.level not in levels:
                raise PopulationError(f"“{template.name}”是{template.get_level_display()}级的表，"
                                      f"不能用于“{Subject(subject).label}”")
        return sorted(chosen, key=lambda t: t.pk)
    forms = sorted((t for t in own.values() if t.level in levels), key=lambda t: t.pk)
    if subject == Subject.FUNDS and len(forms) > 1:
        raise PopulationError("本专项行动有多张县级表，请勾选资金抽查使用的表")
    return forms


def _stratum(code: str, strata: str) -> str:
    if strata == Strata.NONE:
        return "all"
    return codes.county_code(code) if strata == Strata.COUNTY else codes.township_code(code)


def _low_reporting_townships(campaign, root: str) -> set[str]:
    """Townships reporting fewer problems per 100 households than the median of their county.

    Read from the ledger and the work list themselves (problems not withdrawn, household forms),
    the same figures the dashboards sum, so a draw never waits for nor depends on the read side.
    """
    township = Substr("unit_id", 1, CODE_LENGTH[Level.TOWNSHIP])
    deep_enough = {"unit__code__subtree": root, "unit__level__in": [Level.TOWNSHIP, Level.VILLAGE]}
    households = dict(
        Submission.objects.filter(campaign=campaign, template__level=FormLevel.HOUSEHOLD, **deep_enough)
        .annotate(township=township).order_by().values("township").annotate(n=Count("pk"))
        .values_list("township", "n"))
    problems = dict(
        Problem.objects.filter(campaign=campaign, **deep_enough).exclude(status=Problem.Status.WITHDRAWN)
        .annotate(township=township).order_by().values("township").annotate(n=Count("pk"))
        .values_list("township", "n"))
    low = set()
    by_county: dict[str, list] = {}
    for code, count in households.items():
        by_county.setdefault(codes.county_code(code), []).append((code, problems.get(code, 0) / count))
    for rows in by_county.values():
        rates = sorted(rate for _, rate in rows)
        median = rates[len(rates) // 2]
        low |= {code for code, rate in rows if rate < median}
    return low


def population_root(campaign, unit: AdminUnit) -> str | None:
    """The part of the drawing scope the campaign covers: the deeper of the two, None when they are apart."""
    if unit.is_within(campaign.scope_unit_id):
        return unit.code
    if campaign.scope_unit.is_within(unit.code):
        return campaign.scope_unit_id
    return None


def snapshot(campaign, root: str, *, subject, strata, weight_key_households, weight_low_reporting) -> dict:
    """stratum -> [[id, weight], ...], sorted: units of the drawn level, or households on the work list."""
    low = _low_reporting_townships(campaign, root) if weight_low_reporting else set()
    population: dict[str, list] = {}

    def weight(code, is_key=False):
        w = 1
        if weight_key_households and is_key:
            w *= KEY_WEIGHT
        if codes.township_code(code) in low:
            w *= LOW_REPORTING_WEIGHT
        return w

    if subject == Subject.HOUSEHOLD:
        forms = Submission.objects.filter(campaign=campaign, unit__code__subtree=root,
                                          template__level=FormLevel.HOUSEHOLD, household__isnull=False)
        for household_id, village, is_key in forms.values_list("household_id", "unit_id", "is_key").distinct():
            population.setdefault(_stratum(village, strata), []).append([f"{village}:{household_id}",
                                                                         weight(village, is_key)])
    else:
        units = AdminUnit.objects.in_subtree(root).filter(level=DRAWN_LEVEL[subject])
        for code in units.values_list("code", flat=True):
            population.setdefault(_stratum(code, strata), []).append([code, weight(code)])
    return {stratum: sorted(members) for stratum, members in population.items()}
