"""Inspections: the inspectors' own forms for the sampled subjects, kept apart from the self-check.

Called by services only, after their permission checks.
"""

from checklists import engine
from checklists.models import FormLevel, Submission
from rectification.models import Problem
from rectification.services import NewProblem, co_departments_for, department_for, open_problems

from .models import Inspection, SpotCheck
from .population import forms_for

SOURCE = {SpotCheck.Kind.COUNTY: Problem.Source.COUNTY_RECHECK, SpotCheck.Kind.CITY: Problem.Source.CITY_SPOT_CHECK,
          SpotCheck.Kind.CROSS: Problem.Source.CITY_SPOT_CHECK}


def create_inspections(spot_check: SpotCheck) -> int:
    """One inspection per sampled subject and form of its level: a sampled village brings its households
    along; a sampled township, county or county's funds gets the forms of that level."""
    templates = list(spot_check.templates.all()) or forms_for(spot_check.campaign, spot_check.subject)
    rows = []
    for item in spot_check.items.select_related("unit"):
        for template in templates:
            if template.level == FormLevel.HOUSEHOLD:
                rows += [Inspection(spot_check=spot_check, template=template, unit_id=item.unit_id, household_id=h)
                         for h in _households(spot_check, template, item)]
            elif template.level == item.unit.level and not item.household_id:
                rows.append(Inspection(spot_check=spot_check, template=template, unit_id=item.unit_id))
    Inspection.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _households(spot_check, template, item) -> list:
    if item.household_id:
        return [item.household_id]
    if item.unit.level != FormLevel.VILLAGE:
        return []
    return list(Submission.objects.filter(campaign=spot_check.campaign, template=template, unit_id=item.unit_id,
                                          household__isnull=False).values_list("household_id", flat=True))


def self_check_of(inspection: Inspection) -> Submission | None:
    """The self-check of the same subject with the same form, once handed in."""
    return Submission.objects.filter(
        campaign=inspection.spot_check.campaign, template=inspection.template, unit=inspection.unit,
        household=inspection.household, department=None, status__in=[Submission.Status.SUBMITTED, Submission.Status.APPROVED],
    ).select_related("checker").first()


def record_missed_problems(inspection: Inspection, *, by) -> list[Problem]:
    """Each problem the inspector found and the self-check did not report goes on the ledger, once, tied
    to this inspection and question. The caller (save_inspection) has checked that `by` is its inspector."""
    self_check = self_check_of(inspection)
    reported = self_check.answers if self_check else {}
    questions = engine.structure(inspection.template)[1]
    missed = [(q, d) for q, d in engine.flagged(questions, inspection.answers) if reported.get(q.key) != engine.YES]
    existing = set(Problem.objects.filter(inspection=inspection).values_list("question_key", flat=True))
    return open_problems([
        NewProblem(
            campaign_id=inspection.spot_check.campaign_id, unit_id=inspection.unit_id,
            household_id=inspection.household_id, inspection_id=inspection.pk, question_key=question.key,
            question_text=question.text, source=SOURCE[inspection.spot_check.kind], category=question.category,
            description=description or question.text,
            department=(lead := department_for(inspection.unit_id, question.department)),
            co_departments=co_departments_for(inspection.unit_id, question.co_departments, lead),
        )
        for question, description in missed if question.key not in existing
    ], by=by)
