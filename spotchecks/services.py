"""Writes on spot checks: draw, publish, discard, assign inspectors, save inspections.

Each checks the actor against every object it touches, at its entrance.
"""

import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from checklists import engine
from core import events, guards
from units.models import AdminUnit, Level
from visits.services import record_spot_check_satisfaction

from . import population, selectors
from .inspections import create_inspections, record_missed_problems
from .models import InspectorAssignment, Inspection, SampleItem, SpotCheck
from .sampling import draw

CONFLICT = "该检查表已被他人修改并保存，本次保存未生效，请重新打开核对。"


class SamplingError(ValueError):
    pass


class InspectionError(ValueError):
    pass


class NotAllowed(InspectionError):
    """The actor may not do this at all (as opposed to a conflict or a bad value)."""


def drawn_items(spot_check: SpotCheck) -> dict[str, list]:
    """Re-draw from the stored snapshot: the same every time."""
    return draw(spot_check.population, seed=spot_check.seed, size_per_stratum=spot_check.size_per_stratum,
                confidence=float(spot_check.confidence) if spot_check.confidence is not None else None,
                margin=float(spot_check.margin) if spot_check.margin is not None else None)


def _check_size(size_per_stratum, confidence, margin) -> None:
    if size_per_stratum is None and (confidence is None or margin is None):
        raise SamplingError("请填写每层样本量，或同时填写置信水平和允许误差")
    if confidence is not None and not (Decimal("0.5") < Decimal(str(confidence)) < 1):
        raise SamplingError("置信水平应在 0.5 到 1 之间，如 0.95")
    if margin is not None and not (0 < Decimal(str(margin)) < Decimal("0.5")):
        raise SamplingError("允许误差应在 0 到 0.5 之间，如 0.05")


@transaction.atomic
def create_spot_check(*, by, campaign, unit, kind, subject, strata, size_per_stratum=None, confidence=None,
                      margin=None, weight_key_households=False, weight_low_reporting=False, seed=None,
                      templates=()) -> SpotCheck:
    """Draw a sample (a draft until published); who, when, the parameters and the forms are recorded with it.

    `unit` is an AdminUnit or its code; a unit outside the actor's reach reads like a missing one.
    """
    guards.require_open(campaign.pk)
    if kind not in SpotCheck.Kind.values or subject not in SpotCheck.Subject.values \
            or strata not in SpotCheck.Strata.values:
        raise SamplingError("抽查类型、抽样单位或分层方式无效")
    code = unit.code if isinstance(unit, AdminUnit) else str(unit).strip()
    unit = AdminUnit.objects.filter(code=code).first() if code.isdigit() else None
    if unit is None or not selectors.may_draw(by, kind, unit.code):
        if kind == SpotCheck.Kind.COUNTY:
            raise SamplingError("区划代码不存在或不在您的管辖范围内（县级复核须由县级办公室发起）")
        raise SamplingError("区划代码不存在或不在您的管辖范围内（市级抽查、交叉对检须由市级办公室发起）")
    root = population.population_root(campaign, unit)
    if root is None:
        raise SamplingError("抽样范围不在专项行动的实施范围内")
    _check_size(size_per_stratum, confidence, margin)
    try:
        population.check_strata(subject, strata)
        forms = population.forms_for(campaign, subject, list(templates))
    except population.PopulationError as exc:
        raise SamplingError(str(exc))
    snapshot = population.snapshot(campaign, root, subject=subject, strata=strata,
                                   weight_key_households=weight_key_households,
                                   weight_low_reporting=weight_low_reporting)
    if not snapshot:
        raise SamplingError("抽样范围内没有可抽取的对象")
    spot_check = SpotCheck.objects.create(
        campaign=campaign, unit=unit, kind=kind, subject=subject, strata=strata, size_per_stratum=size_per_stratum,
        confidence=confidence, margin=margin, weight_key_households=weight_key_households,
        weight_low_reporting=weight_low_reporting, seed=seed if seed is not None else secrets.randbelow(2**62),
        population=snapshot, drawn_by=by,
    )
    spot_check.templates.set(forms)
    _save_items(spot_check)
    return spot_check


def _save_items(spot_check: SpotCheck) -> None:
    items = []
    for stratum, members in drawn_items(spot_check).items():
        for member in members:
            unit_code, _, household = member.partition(":")
            items.append(SampleItem(spot_check=spot_check, stratum=stratum, unit_id=unit_code,
                                    household_id=int(household) if household else None))
    SampleItem.objects.bulk_create(items, batch_size=2000)


def _require_drawer(spot_check: SpotCheck, by, action: str) -> None:
    if spot_check.drawn_by_id != by.pk and not (by.is_active and by.is_superuser):
        raise SamplingError(f"只有抽样人可以{action}")


@transaction.atomic
def publish(spot_check: SpotCheck, *, by) -> SpotCheck:
    spot_check = SpotCheck.objects.select_for_update().get(pk=spot_check.pk)
    guards.require_open(spot_check.campaign_id)
    _require_drawer(spot_check, by, "发布")
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
    guards.require_open(spot_check.campaign_id)
    if spot_check.status == SpotCheck.Status.PUBLISHED:
        raise SamplingError("已发布的样本不能删除或重抽")
    _require_drawer(spot_check, by, "删除草稿")
    spot_check.delete()


@transaction.atomic
def assign_inspector(spot_check: SpotCheck, *, by, county_code: str, inspector) -> InspectorAssignment:
    """Give one county's part of the sample to an inspector (复核工作组, 交叉对检, 第三方).

    Only the office that drew the sample (or above) assigns; the county must hold sampled units; the
    inspector must be an active account from none of the units checked. `inspector` is a user or a username.
    """
    guards.require_open(spot_check.campaign_id)
    if not selectors.may_manage(by, spot_check):
        raise NotAllowed("只有抽样单位（或其上级）可以安排检查人员")
    county_code = (county_code or "").strip()
    county = AdminUnit.objects.filter(code=county_code, level=Level.COUNTY).first() if county_code.isdigit() else None
    if county is None or not spot_check.items.filter(unit__code__subtree=county.code).exists():
        raise InspectionError("该县不在本次抽查的样本中，请填写样本所在县的区划代码")
    if not isinstance(inspector, get_user_model()):
        inspector = get_user_model().objects.filter(username=str(inspector or "").strip()).first()
    if inspector is None:
        raise InspectionError("找不到该检查人员（请先用 grant 或管理后台创建账号）")
    conflict = selectors.inspector_conflict(spot_check, county.code, inspector)
    if conflict:
        raise InspectionError(conflict)
    assignment, _ = InspectorAssignment.objects.get_or_create(spot_check=spot_check, county_code=county.code,
                                                              inspector=inspector, defaults={"assigned_by": by})
    return assignment


@transaction.atomic
def save_inspection(inspection: Inspection, *, by, data, version, submit: bool) -> dict:
    """Save or submit the inspector's answers; a submission turns each problem the self-check missed into
    a ledger problem (source 市级抽查 / 县级复核). Returns the field errors, empty when saved."""
    guards.require_open(inspection.spot_check.campaign_id)
    if not selectors.may_fill(by, inspection):
        raise NotAllowed("您不是该检查表的检查人员，或检查阶段已结束、检查表已提交，不能填写")
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise InspectionError(CONFLICT)
    answers, errors = engine.validate(inspection.template, data, final=submit)
    satisfaction, problem = satisfaction_answers(inspection, data)
    if problem:
        errors[SATISFACTION_KEY] = problem
    if errors:
        return errors
    updated = Inspection.objects.filter(pk=inspection.pk, version=version).exclude(
        status=Inspection.Status.SUBMITTED).update(
        answers=answers, version=F("version") + 1, inspector=by,
        status=Inspection.Status.SUBMITTED if submit else Inspection.Status.DRAFT,
        submitted_at=timezone.now() if submit else None)
    if not updated:
        raise InspectionError(CONFLICT)
    inspection.refresh_from_db()
    if satisfaction is not None:
        row = record_spot_check_satisfaction(by=by, household=inspection.household,
                                             campaign=inspection.spot_check.campaign, asked_on=timezone.localdate(),
                                             existing=inspection.satisfaction, **satisfaction)
        if inspection.satisfaction_id != row.pk:
            inspection.satisfaction = row
            inspection.save(update_fields=["satisfaction"])
    if submit:
        record_missed_problems(inspection, by=by)
        events.publish(events.InspectionSubmitted(inspection.pk, inspection.spot_check_id,
                                                  inspection.spot_check.campaign_id, inspection.unit_id))
    return {}


SATISFACTION_KEY = "satisfaction"
SATISFACTION_FIELDS = {"knows_helper": "satisfaction_known", "satisfied": "satisfaction_satisfied"}


def satisfaction_answers(inspection: Inspection, data) -> tuple[dict | None, str]:
    """The household's 知晓、满意 as the inspector recorded them: both or neither (not asked)."""
    if inspection.household_id is None:
        return None, ""
    values = {name: data.get(field, "") for name, field in SATISFACTION_FIELDS.items()}
    if not any(values.values()):
        return None, ""
    if not all(v in ("yes", "no") for v in values.values()):
        return None, "询问了满意度的，请同时选择“是否知晓帮扶责任人”和“是否满意”"
    return {name: value == "yes" for name, value in values.items()}, ""
