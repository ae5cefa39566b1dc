"""A campaign's work list: one not-started form per form and subject its targets reach
(households, units, and for a county form the county departments it is sent to).

Kept apart from services.py so that the task building it (tasks.py) and the service enqueueing
that task (services.py) do not import each other.
"""

from django.db import connection
from django.utils import timezone

from checklists.models import FormLevel, Submission
from core import events

from .models import Campaign, CampaignForm


def build_work_list(campaign: Campaign) -> int:
    """One not-started submission per form and subject its targets reach; running again adds nothing."""
    created = 0
    for form in campaign.forms.select_related("template"):
        created += _insert_forms(campaign, form)
        if form.targets.reaches_departments:
            created += _insert_forms(campaign, form, departments=True)
    Campaign.objects.filter(pk=campaign.pk).update(work_ready=True)
    events.publish(events.WorkListBuilt(campaign.pk))
    return created


def _insert_forms(campaign: Campaign, form: CampaignForm, *, departments: bool = False) -> int:
    """A form's submissions, written by the database in one INSERT … SELECT over the targets'
    query: a province's two million rows never pass through Python. Existing forms are left
    alone (ON CONFLICT DO NOTHING). With `departments`, the form's department subjects: one
    form per department, belonging to the department's county."""
    template, targets, scope = form.template, form.targets, campaign.scope_unit_id
    constants = {"campaign_id": campaign.pk, "template_id": template.pk, "status": Submission.Status.NOT_STARTED,
                 "version": 0, "return_reason": "", "updated_at": timezone.now()}
    if departments:
        subjects = targets.departments_in(scope).order_by().values_list("county_id", "id")
        columns, constants["is_key"] = ["unit_id", "department_id"], False
    elif template.level == FormLevel.HOUSEHOLD:
        subjects = targets.households(scope).order_by().values_list("village_id", "id", "is_key_")
        columns = ["unit_id", "household_id", "is_key"]
    else:
        subjects = targets.units(scope, template.level).order_by().values_list("code")
        columns, constants["is_key"] = ["unit_id"], False
    select, params = subjects.query.sql_with_params()
    json_empty = "CAST('{}' AS jsonb)" if connection.vendor == "postgresql" else "'{}'"
    # WHERE 1 = 1 keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
    sql = f"""
        INSERT INTO {Submission._meta.db_table} (answers, {', '.join([*constants, *columns])})
        SELECT {json_empty}, {', '.join(['%s'] * len(constants))}, subjects.*
        FROM ({select}) subjects WHERE 1 = 1
        ON CONFLICT DO NOTHING"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*constants.values(), *params])
        return cursor.rowcount
