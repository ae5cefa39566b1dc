import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from accounts.scoping import can
from checklists.models import FormLevel, Submission
from dashboards.models import Summary
from units.models import AdminUnit, Level

from .inspections import create_inspections
from .models import SampleItem, SpotCheck
from .sampling import draw

KEY_WEIGHT = 3
LOW_REPORTING_WEIGHT = 2


class SamplingError(ValueError):
    pass


def _stratum(code: str, strata: str) -> str:
    if strata == SpotCheck.Strata.NONE:
        return "all"
    return code[:6] if strata == SpotCheck.Strata.COUNTY else code[:9]


def _low_reporting_townships(campaign, unit) -> set[str]:
    """Townships reporting fewer problems per 100 households than the median of their county."""
    low = set()
    summaries = Summary.objects.filter(campaign=campaign, unit__code__subtree=unit.code,
                                       unit__level=Level.TOWNSHIP).values_list("unit_id", "problems_total",
                                                                                "households_total")
    by_county: dict[str, list] = {}
    for code, problems, households in summaries:
        if households:
            by_county.setdefault(code[:6], []).append((code, problems / households))
    for rows in by_county.values():
        rates = sorted(rate for _, rate in rows)
        median = rates[len(rates) // 2]
        low |= {code for code, rate in rows if rate < median}
    return low


def snapshot_population(campaign, unit, *, subject, strata, weight_key_households, weight_low_reporting) -> dict:
    """stratum -> [[id, weight], ...]: villages of the scope, or the households on the campaign's work list."""
    low = _low_reporting_townships(campaign, unit) if weight_low_reporting else set()
    population: dict[str, list] = {}

    def weight(code, is_key=False):
        w = 1
        if weight_key_households and is_key:
            w *= KEY_WEIGHT
        if code[:9] in low:
            w *= LOW_REPORTING_WEIGHT
        return w

    if subject == SpotCheck.Subject.VILLAGE:
        for code in AdminUnit.objects.in_subtree(unit.code).villages().values_list("code", flat=True):
            population.setdefault(_stratum(code, strata), []).append([code, weight(code)])
    else:
        forms = Submission.objects.filter(campaign=campaign, unit__code__subtree=unit.code,
                                          template__level=FormLevel.HOUSEHOLD, household__isnull=False)
        for household_id, village, is_key in forms.values_list("household_id", "unit_id", "is_key").distinct():
            population.setdefault(_stratum(village, strata), []).append([f"{village}:{household_id}",
                                                                         weight(village, is_key)])
    return {stratum: sorted(members) for stratum, members in population.items()}


def drawn_items(spot_check: SpotCheck) -> dict[str, list]:
    """Re-draw from the stored snapshot: the same every time."""
    return draw(spot_check.population, seed=spot_check.seed, size_per_stratum=spot_check.size_per_stratum,
                confidence=float(spot_check.confidence) if spot_check.confidence is not None else None,
                margin=float(spot_check.margin) if spot_check.margin is not None else None)


@transaction.atomic
def create_spot_check(*, by, campaign, unit, kind, subject, strata, size_per_stratum=None, confidence=None,
                      margin=None, weight_key_households=False, weight_low_reporting=False, seed=None,
                      templates=()) -> SpotCheck:
    """Draw a sample (a draft until published); who, when and the parameters are recorded with it."""
    needed = Capability.SAMPLE if kind == SpotCheck.Kind.CITY else Capability.MANAGE
    if not can(by, unit.code, needed):
        raise SamplingError("您无权在该范围抽样" if kind == SpotCheck.Kind.COUNTY else "市级抽查须由市级办公室发起")
    if not unit.code.startswith(campaign.scope_unit_id) and not campaign.scope_unit_id.startswith(unit.code):
        raise SamplingError("抽样范围不在专项行动的实施范围内")
    if size_per_stratum is None and (confidence is None or margin is None):
        raise SamplingError("请填写每层样本量，或同时填写置信水平和允许误差")
    if confidence is not None and not (Decimal("0.5") < Decimal(str(confidence)) < 1):
        raise SamplingError("置信水平应在 0.5 到 1 之间，如 0.95")
    if margin is not None and not (0 < Decimal(str(margin)) < Decimal("0.5")):
        raise SamplingError("允许误差应在 0 到 0.5 之间，如 0.05")
    population = snapshot_population(campaign, unit, subject=subject, strata=strata,
                                     weight_key_households=weight_key_households,
                                     weight_low_reporting=weight_low_reporting)
    if not population:
        raise SamplingError("抽样范围内没有可抽取的对象")
    spot_check = SpotCheck.objects.create(
        campaign=campaign, unit=unit, kind=kind, subject=subject, strata=strata, size_per_stratum=size_per_stratum,
        confidence=confidence, margin=margin, weight_key_households=weight_key_households,
        weight_low_reporting=weight_low_reporting, seed=seed if seed is not None else secrets.randbelow(2**62),
        population=population, drawn_by=by,
    )
    if templates:
        spot_check.templates.set([t for t in templates if campaign.templates.filter(pk=t.pk).exists()])
    _save_items(spot_check)
    return spot_check


def _save_items(spot_check: SpotCheck) -> None:
    items = []
    for stratum, members in drawn_items(spot_check).items():
        for member in members:
            village, _, household = member.partition(":")
            items.append(SampleItem(spot_check=spot_check, stratum=stratum, unit_id=village,
                                    household_id=int(household) if household else None))
    SampleItem.objects.bulk_create(items, batch_size=2000)


@transaction.atomic
def publish(spot_check: SpotCheck, *, by) -> SpotCheck:
    spot_check = SpotCheck.objects.select_for_update().get(pk=spot_check.pk)
    if spot_check.drawn_by_id != by.pk and not by.is_superuser:
        raise SamplingError("只有抽样人可以发布")
    if spot_check.status == SpotCheck.Status.PUBLISHED:
        raise SamplingError("该样本已发布，不能再改变")
    spot_check.status, spot_check.published_at = SpotCheck.Status.PUBLISHED, timezone.now()
    spot_check.save(update_fields=["status", "published_at"])
    create_inspections(spot_check)
    return spot_check


@transaction.atomic
def discard(spot_check: SpotCheck, *, by) -> None:
    """A draft may be thrown away and drawn again; a published sample never changes."""
    spot_check = SpotCheck.objects.select_for_update().get(pk=spot_check.pk)
    if spot_check.status == SpotCheck.Status.PUBLISHED:
        raise SamplingError("已发布的样本不能删除或重抽")
    if spot_check.drawn_by_id != by.pk and not by.is_superuser:
        raise SamplingError("只有抽样人可以删除草稿")
    spot_check.delete()
