from django.db import connection, transaction
from django.utils import timezone

from checklists.models import FormLevel, Submission
from households.models import Household
from dashboards.tasks import schedule_refresh
from units.lookups import code_after
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
        if template.level == FormLevel.HOUSEHOLD:
            created += _insert_household_forms(campaign, template)
        else:
            codes = AdminUnit.objects.in_subtree(campaign.scope_unit_id).filter(level=template.level)
            rows = [Submission(campaign=campaign, template=template, unit_id=code)
                    for code in codes.values_list("code", flat=True)]
            Submission.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
            created += len(rows)
    Campaign.objects.filter(pk=campaign.pk).update(work_ready=True)
    schedule_refresh(campaign.pk, None)
    return created


KEY_KINDS = ("poverty_exited", "monitored", "low_income")  # 重点户必到, with key persons


def _insert_household_forms(campaign: Campaign, template) -> int:
    """The household forms, written by the database in one INSERT … SELECT: a province's two
    million rows never pass through Python. Existing forms are left alone (ON CONFLICT DO NOTHING)."""
    kinds = list(campaign.target_kinds) or ["-"]
    key_persons = "h.has_elderly OR h.has_disabled OR h.has_petitioner OR h.has_special_hardship"
    target = f"h.kind IN ({', '.join(['%s'] * len(kinds))})"
    if campaign.include_key_persons:
        target = f"({target} OR {key_persons})"
    json_empty = "CAST('{}' AS jsonb)" if connection.vendor == "postgresql" else "'{}'"
    sql = f"""
        INSERT INTO {Submission._meta.db_table}
            (campaign_id, template_id, unit_id, household_id, is_key, status, answers, version,
             return_reason, updated_at)
        SELECT %s, %s, h.village_id, h.id,
               ({key_persons} OR h.kind IN ({', '.join(['%s'] * len(KEY_KINDS))})),
               'not_started', {json_empty}, 0, '', %s
        FROM {Household._meta.db_table} h
        WHERE h.village_id >= %s AND h.village_id < %s AND {target}
        ON CONFLICT DO NOTHING"""
    params = [campaign.pk, template.pk, *KEY_KINDS, timezone.now(), campaign.scope_unit_id,
              code_after(campaign.scope_unit_id), *kinds]  # a subtree as units/lookups.py writes it
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
