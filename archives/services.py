"""Closing a campaign (结束并归档): it freezes at once, and its archive is built in the background."""

from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from accounts.scoping import can

from .models import MIN_RETENTION_YEARS, Archive

FROZEN = "该专项行动已结束并归档，只能查看，不能再修改（排查表、问题台账、抽查、报送材料和通报均已冻结）。"


class ArchiveError(Exception):
    pass


def may_close(user, campaign) -> bool:
    """The office that owns the campaign (its scope's county or city office, or above) closes it."""
    return can(user, campaign.scope_unit_id, Capability.MANAGE)


def frozen_reason(campaign_id: int) -> str:
    """core.guards asks this at the entrance of every write to a campaign's forms, problems and spot checks."""
    return FROZEN if Archive.objects.filter(campaign_id=campaign_id).exists() else ""


def archived_notice(submission, today) -> list[str]:
    return [FROZEN] if frozen_reason(submission.campaign_id) else []


@transaction.atomic
def close_campaign(campaign, *, by, retention_years: int = MIN_RETENTION_YEARS) -> Archive:
    """Freeze the campaign and queue its archive; closing twice changes nothing."""
    if not may_close(by, campaign):
        raise ArchiveError("只有印发该专项行动的县级、市级办公室可以结束归档")
    if retention_years is None or int(retention_years) < MIN_RETENTION_YEARS:
        raise ArchiveError(f"保存期限不得少于 {MIN_RETENTION_YEARS} 年")
    existing = Archive.objects.select_for_update().filter(campaign=campaign).first()
    if existing:
        raise ArchiveError("该专项行动已结束归档")
    archive = Archive.objects.create(
        campaign=campaign, closed_by=by, retention_years=int(retention_years),
        keep_until=Archive.keep_until_for(timezone.localdate(), int(retention_years)))
    from . import tasks  # the task module imports the builder, which imports every contributor's app

    tasks.build_archive.delay_on_commit(archive.pk)
    return archive
