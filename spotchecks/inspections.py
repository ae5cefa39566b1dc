"""Inspections: the inspectors' own answers for the sampled subjects, compared with the self-check."""

from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from accounts.roles import Capability
from accounts.scoping import can, scope
from campaigns.models import Phase
from checklists import engine
from checklists.models import FormLevel, Submission
from rectification.models import Problem, ProblemEvent
from rectification.services import allocate_numbers, department_for

from .models import InspectorAssignment, Inspection, SpotCheck

CONFLICT = "该检查表已被他人修改并保存，本次保存未生效，请重新打开核对。"


class InspectionError(ValueError):
    pass


def default_templates(spot_check: SpotCheck):
    levels = [FormLevel.HOUSEHOLD] if spot_check.subject == SpotCheck.Subject.HOUSEHOLD else [FormLevel.VILLAGE,
                                                                                              FormLevel.HOUSEHOLD]
    return spot_check.campaign.templates.filter(level__in=levels)


def create_inspections(spot_check: SpotCheck) -> int:
    """One inspection per sampled subject and form: a sampled village brings its households along."""
    templates = list(spot_check.templates.all()) or list(default_templates(spot_check))
    rows = []
    for item in spot_check.items.all():
        for template in templates:
            if template.level == FormLevel.HOUSEHOLD:
                if item.household_id:
                    households = [item.household_id]
                else:
                    households = Submission.objects.filter(
                        campaign=spot_check.campaign, template=template, unit_id=item.unit_id,
                        household__isnull=False).values_list("household_id", flat=True)
                rows += [Inspection(spot_check=spot_check, template=template, unit_id=item.unit_id, household_id=h)
                         for h in households]
            elif template.level == FormLevel.VILLAGE:
                rows.append(Inspection(spot_check=spot_check, template=template, unit_id=item.unit_id))
    Inspection.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def assign(spot_check: SpotCheck, *, county_code: str, inspector, by) -> InspectorAssignment:
    """交叉对检: give one county's part of the sample to an inspector (of another county, or a third party)."""
    if not can(by, spot_check.unit_id, Capability.SAMPLE) and not can(by, spot_check.unit_id, Capability.MANAGE):
        raise InspectionError("只有抽样单位可以安排检查人员")
    if not county_code.startswith(spot_check.unit_id[:6]) and not county_code.startswith(spot_check.unit_id):
        raise InspectionError("该县不在抽样范围内")
    if not spot_check.items.filter(unit__code__subtree=county_code).exists():
        raise InspectionError("该县没有抽中的单位")
    assignment, _ = InspectorAssignment.objects.get_or_create(spot_check=spot_check, county_code=county_code,
                                                              inspector=inspector, defaults={"assigned_by": by})
    return assignment


def _phase_open(spot_check: SpotCheck, today) -> bool:
    kind = Phase.Kind.CITY_SPOT_CHECK if spot_check.kind == SpotCheck.Kind.CITY else Phase.Kind.COUNTY_REVIEW
    phase = spot_check.campaign.phases.filter(kind=kind).first()
    return phase is None or phase.starts_on <= today <= phase.ends_on


def inspections_for(user, today=None):
    """Offices see the inspections in their scope; an assigned inspector sees only their county's sample,
    once published and during the campaign's spot-check phase."""
    today = today or timezone.localdate()
    in_scope = Q(pk__in=scope(user, Inspection.objects.all()).values("pk"))
    assigned = Q()
    for assignment in InspectorAssignment.objects.filter(inspector=user, spot_check__status="published") \
            .select_related("spot_check__campaign"):
        if _phase_open(assignment.spot_check, today):
            assigned |= Q(spot_check_id=assignment.spot_check_id, unit__code__subtree=assignment.county_code)
    return Inspection.objects.filter(in_scope | assigned) if assigned else Inspection.objects.filter(in_scope)


def get_inspection_for(user, pk) -> Inspection:
    inspection = inspections_for(user).select_related("spot_check__campaign", "template", "unit", "household") \
        .filter(pk=pk).first()
    if inspection is None:
        raise Http404("不存在或不在您的检查范围内")
    return inspection


def may_inspect(user, inspection: Inspection) -> bool:
    return (inspection.status != Inspection.Status.SUBMITTED
            and inspection.spot_check.status == SpotCheck.Status.PUBLISHED
            and InspectorAssignment.objects.filter(spot_check=inspection.spot_check, inspector=user,
                                                   county_code=inspection.unit_id[:6])
            .exists() and _phase_open(inspection.spot_check, timezone.localdate()))


@transaction.atomic
def save(inspection: Inspection, *, by, data, version: int, submit: bool) -> dict:
    """Save or submit the inspector's answers; a submission turns each problem the township missed into
    a ledger problem (source 市级抽查 / 县级复核). Returns the field errors, empty when saved."""
    if not may_inspect(by, inspection):
        raise InspectionError("您不能填写该检查表")
    answers, errors = engine.validate(inspection.template, data, final=submit)
    if errors:
        return errors
    updated = Inspection.objects.filter(pk=inspection.pk, version=version).update(
        answers=answers, version=F("version") + 1, inspector=by,
        status=Inspection.Status.SUBMITTED if submit else Inspection.Status.DRAFT,
        submitted_at=timezone.now() if submit else None)
    if not updated:
        raise InspectionError(CONFLICT)
    inspection.refresh_from_db()
    if submit:
        record_missed_problems(inspection, by=by)
    return {}


def self_check_of(inspection: Inspection) -> Submission | None:
    return Submission.objects.filter(
        campaign=inspection.spot_check.campaign, template=inspection.template, unit=inspection.unit,
        household=inspection.household, status__in=[Submission.Status.SUBMITTED, Submission.Status.APPROVED],
    ).select_related("checker").first()


def record_missed_problems(inspection: Inspection, *, by) -> list[Problem]:
    self_check = self_check_of(inspection)
    reported = self_check.answers if self_check else {}
    questions = list(inspection.template.questions.all())
    missed = [(q, d) for q, d in engine.flagged(questions, inspection.answers) if reported.get(q.key) != engine.YES]
    existing = set(Problem.objects.filter(inspection=inspection).values_list("question_key", flat=True))
    missed = [(q, d) for q, d in missed if q.key not in existing]
    if not missed:
        return []
    source = Problem.Source.CITY_SPOT_CHECK if inspection.spot_check.kind == SpotCheck.Kind.CITY \
        else Problem.Source.COUNTY_RECHECK
    numbers = iter(allocate_numbers(inspection.spot_check.campaign_id, len(missed)))
    now = timezone.now()
    problems = Problem.objects.bulk_create([
        Problem(campaign_id=inspection.spot_check.campaign_id, number=next(numbers), unit_id=inspection.unit_id,
                household_id=inspection.household_id, inspection=inspection, question_key=q.key,
                question_text=q.text, category=q.category, description=description or q.text, source=source,
                department=department_for(inspection.unit_id, q.department), found_by=by, found_at=now)
        for q, description in missed
    ])
    ProblemEvent.objects.bulk_create([ProblemEvent(problem=p, action=ProblemEvent.Action.CREATE, to_status=p.status,
                                                   by=by, note="抽查发现、自查未报") for p in problems])
    return problems
