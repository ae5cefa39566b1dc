"""The rules run after each spot-check form handed in (debounced per campaign) and every night: overdue
problems and satisfaction move with the date and with writes the rules do not hear one by one."""

from datetime import timedelta

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

DEBOUNCE_SECONDS = 10
ACTIVE_DAYS = 365  # a campaign's rectification and its 问责 run on long after its last phase


def _key(campaign_id: int) -> str:
    return f"accountability-rules-pending:{campaign_id}"


def enqueue_rules(campaign_id: int) -> None:
    """Once per campaign per few seconds however many forms come in; with the broker down the nightly run
    catches up."""
    if cache.add(_key(campaign_id), 1, timeout=DEBOUNCE_SECONDS * 12):
        if apply_rules.send_or_log((campaign_id,), countdown=DEBOUNCE_SECONDS) is None:
            cache.delete(_key(campaign_id))


@shared_task(acks_late=True)
def apply_rules(campaign_id: int) -> int:
    from campaigns.models import Campaign

    from . import services

    cache.delete(_key(campaign_id))
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    return len(services.apply_rules(campaign)) if campaign else 0


@shared_task
def apply_rules_nightly() -> int:
    from campaigns.models import Campaign

    since = timezone.localdate() - timedelta(days=ACTIVE_DAYS)
    campaigns = list(Campaign.objects.filter(phases__ends_on__gte=since).distinct().values_list("pk", flat=True))
    for pk in campaigns:
        apply_rules.delay(pk)
    return len(campaigns)
