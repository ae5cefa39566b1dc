"""Export jobs: requested here (the permission check), made by a worker (tasks.py,
jobs.py), watched by a sweeper (tasks.sweep).

The joint table (县乡问题排查表, 附件3) is one table per county: it is requested for a county only,
by whoever may see that whole county (county office, city office). A township office does not
export it, not even its own part: its part is its 乡级 form, which it exports as an ordinary
附件表; the joint table is the county's, signed by the county.

An export is a copy of the rows its requester could see when it was made (for a department
user, only the problems routed to its department), so the job and its file belong to the
requester alone: nobody else, not even an office of the same unit, may open it (they make
their own); a superuser may, for support. Reads go through `selectors.py`.
"""

import functools
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.roles import Capability
from accounts.scoping import can, grants_of
from checklists.models import ChecklistTemplate, FormLevel
from campaigns.access import campaigns_for

from . import tasks
from .models import ExportJob

S = ExportJob.Status


class ExportRefused(Exception):
    """A request the user's role does not allow; the message is Chinese."""


def _department_only(user, unit) -> bool:
    """Whether every grant of the user covering `unit` is a department grant."""
    covering = [g for g in grants_of(user) if unit.is_within(g.unit_code)]
    return bool(covering) and all(g.department_id for g in covering)


def check_request(by, *, kind, campaign, unit, template) -> None:
    """Everything a request touches must be within the actor's reach: hidden is a 404."""
    if not (by.is_active and by.is_superuser):
        if not can(by, unit.code, Capability.VIEW) or not campaigns_for(by).filter(pk=campaign.pk).exists():
            raise Http404("不存在或不在您的管辖范围内")
    if not unit.is_within(campaign.scope_unit_id):
        raise Http404("该单位不在本专项行动范围内")
    if kind not in ExportJob.Kind.values:
        raise ExportRefused("不支持的导出类型")
    if kind == ExportJob.Kind.APPENDIX:
        if template is None or not campaign.templates.filter(pk=template.pk).exists():
            raise ExportRefused("请选择本专项行动的附件表")
        if not by.is_superuser and _department_only(by, unit):
            raise ExportRefused("责任单位只能导出派给本部门的问题台账和汇总表，不能导出入户排查表")


def joint_forms(campaign) -> tuple[ChecklistTemplate, ChecklistTemplate] | None:
    """The campaign's county form and township form that the seed prints as one table (same column
    heads, as 附件3's 排查层级 / 排查内容 / 备注), or None when it has no such pair."""
    forms = list(campaign.templates.filter(level__in=[FormLevel.COUNTY, FormLevel.TOWNSHIP]).exclude(columns=[])
                 .order_by("code"))
    for county_form in (f for f in forms if f.level == FormLevel.COUNTY):
        for township_form in (f for f in forms if f.level == FormLevel.TOWNSHIP):
            if township_form.columns == county_form.columns:
                return county_form, township_form
    return None


def _check_joint(by, campaign, unit) -> tuple[ChecklistTemplate, ChecklistTemplate]:
    pair = joint_forms(campaign)
    if pair is None:
        raise ExportRefused("本专项行动没有县乡合一的排查表（附件3）")
    if unit.level != "county":
        raise ExportRefused("县乡问题排查表按县导出，请在县级页面导出；乡镇请导出本乡镇的附件表")
    if not by.is_superuser and _department_only(by, unit):
        raise ExportRefused("责任单位只能导出派给本部门的问题台账和汇总表，不能导出排查表")
    return pair


@transaction.atomic
def request_export(*, by, kind, campaign, unit, template=None, params=None) -> ExportJob:
    """Record the job and queue it once committed; while the broker is down it waits (待排队)."""
    check_request(by, kind=kind, campaign=campaign, unit=unit, template=template)
    if kind == ExportJob.Kind.JOINT:
        template, township_form = _check_joint(by, campaign, unit)
        params = {"township_template": township_form.pk}
    hours = int(getattr(settings, "EXPORT_KEEP_HOURS", 72))
    job = ExportJob.objects.create(kind=kind, campaign=campaign, unit=unit,
                                   template=template if kind in (ExportJob.Kind.APPENDIX, ExportJob.Kind.JOINT)
                                   else None,
                                   params=params or {}, requested_by=by,
                                   expires_at=timezone.now() + timedelta(hours=hours))
    transaction.on_commit(functools.partial(tasks.enqueue, job.pk))
    return job
