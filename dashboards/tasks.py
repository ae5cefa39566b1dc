from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from units import codes

DEBOUNCE_SECONDS = 5


def _key(campaign_id: int, unit_code: str | None) -> str:
    return f"rollup-pending:{campaign_id}:{codes.county_code(unit_code or '')}"


def schedule_refresh(campaign_id: int, unit_code: str | None) -> None:
    """After the current transaction commits, refresh the figures a change touches (see enqueue_refresh)."""
    transaction.on_commit(lambda: enqueue_refresh(campaign_id, unit_code))


def enqueue_refresh(campaign_id: int, unit_code: str | None) -> None:
    """Refresh the figures a committed change touches — once per county per few seconds however many
    changes arrive (debounced, not one job per keystroke). With the broker down the change is saved
    all the same and the figures wait for the next change or the nightly rebuild."""
    # The key expires by itself: a run whose worker died never blocks later refreshes for long.
    if cache.add(_key(campaign_id, unit_code), 1, timeout=DEBOUNCE_SECONDS * 12):
        if refresh_summaries.send_or_log((campaign_id, unit_code), countdown=DEBOUNCE_SECONDS) is None:
            cache.delete(_key(campaign_id, unit_code))  # not queued: the next change tries again


@shared_task(acks_late=True)
def refresh_summaries(campaign_id: int, unit_code: str | None = None) -> int:
    from campaigns.models import Campaign

    from .rollup import refresh

    cache.delete(_key(campaign_id, unit_code))  # changes from now on schedule a new run
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    return refresh(campaign, unit_code) if campaign else 0


@shared_task(acks_late=True)
def rebuild_campaign(campaign_id: int):
    """A full rebuild; above county level it is partitioned: one task per county on the rollups
    queue, then one re-sum of the city and province figures once every county is done (a chord)."""
    from celery import chord

    from campaigns.models import Campaign

    from .rollup import counties_of, refresh

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    counties = counties_of(campaign) if len(campaign.scope_unit_id) < 6 else []
    if len(counties) < 2:
        return refresh(campaign, None)
    return chord(refresh_county.si(campaign_id, c) for c in counties)(resum_above_counties.si(campaign_id)).id


@shared_task(acks_late=True)
def refresh_county(campaign_id: int, county: str) -> int:
    from campaigns.models import Campaign

    from .rollup import refresh_county as refresh

    return refresh(Campaign.objects.get(pk=campaign_id), county)


@shared_task(acks_late=True)
def resum_above_counties(campaign_id: int) -> int:
    from campaigns.models import Campaign

    from .rollup import refresh, resum_above, units_above_counties

    campaign = Campaign.objects.get(pk=campaign_id)
    written = resum_above(campaign, units_above_counties(campaign))
    return written if written >= 0 else refresh(campaign, None)


def _active_campaigns(today):
    from campaigns.models import Campaign

    recent = today - timezone.timedelta(days=30)
    return Campaign.objects.filter(phases__starts_on__lte=today, phases__ends_on__gte=recent).distinct()


@shared_task
def nightly_rebuild() -> int:
    """Overdue counts change with the date alone: rebuild every active campaign once a night."""
    campaigns = list(_active_campaigns(timezone.localdate()).values_list("pk", flat=True))
    for pk in campaigns:
        rebuild_campaign.delay(pk)
    return len(campaigns)


@shared_task(acks_late=True)
def freeze_weekly_rankings() -> int:
    from .ranking import freeze_campaign

    today = timezone.localdate()
    return sum(len(freeze_campaign(c, today)) for c in _active_campaigns(today))
