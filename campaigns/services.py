from django.db import transaction

from checklists.models import FormLevel, Submission
from dashboards.tasks import schedule_refresh
from units.models import AdminUnit

from . import tasks
from .models import Campaign, Phase

BATCH = 5000


@transaction.atomic
def create_campaign(*, by, name, document_number, issuing_unit, scope_unit, year, templates, phases,
                    target_kinds, include_key_persons=True) -> Campaign:
    """Create the campaign; its work list (what must be checked, per village) is built by a task."""
    campaign = Campaign.objects.create(
        name=name, document_number=document_number, issuing_unit=issuing_unit, scope_unit=scope_unit, year=year,
        target_kinds=list(target_kinds), include_key_persons=include_key_persons, created_by=by,
    )
    campaign.templates.set(templates)
    Phase.objects.bulk_create(
        [Phase(campaign=campaign, kind=kind, starts_on=start, ends_on=end) for kind, start, end in phases]
    )
    tasks.build_work_list.delay_on_commit(campaign.pk)
    return campaign


def build_work_list(campaign: Campaign) -> int:
    """One not-started submission per template and subject in scope; running again adds nothing."""
    created = 0
    for template in campaign.templates.all():
        rows = _subjects(campaign, template)
        for start in range(0, len(rows), BATCH):
            batch = rows[start:start + BATCH]
            Submission.objects.bulk_create(batch, ignore_conflicts=True)
            created += len(batch)
    Campaign.objects.filter(pk=campaign.pk).update(work_ready=True)
    schedule_refresh(campaign.pk, None)
    return created


def _subjects(campaign: Campaign, template) -> list[Submission]:
    if template.level == FormLevel.HOUSEHOLD:
        households = campaign.target_households().values_list(
            "pk", "village_id", "has_elderly", "has_disabled", "has_petitioner", "has_special_hardship", "kind"
        )
        return [
            Submission(campaign=campaign, template=template, unit_id=village_id, household_id=pk,
                       is_key=any(flags) or kind in ("poverty_exited", "monitored", "low_income"))
            for pk, village_id, *flags, kind in households
        ]
    units = AdminUnit.objects.in_subtree(campaign.scope_unit_id).filter(level=template.level)
    return [Submission(campaign=campaign, template=template, unit_id=code)
            for code in units.values_list("code", flat=True)]
