"""What the 问责 rules listen to; registered in AccountabilityConfig.ready."""

from django.db.models import Max, Min

from core import events
from units import codes

from .tasks import enqueue_rules


def rerun_rules(event) -> None:
    enqueue_rules(event.campaign_id)


def rerun_rules_of_answer(event: events.SatisfactionRecorded) -> None:
    """A spot check's answer moves its campaign; a visit's, every campaign over the village whose window
    (first phase's start to last phase's end, as satisfaction counts it) holds the day it was asked."""
    if event.campaign_id is not None:
        enqueue_rules(event.campaign_id)
        return
    from campaigns.models import Campaign

    campaigns = (Campaign.objects.filter(scope_unit_id__in=[*codes.ancestor_codes(event.unit_id), event.unit_id])
                 .annotate(first=Min("phases__starts_on"), last=Max("phases__ends_on"))
                 .filter(first__lte=event.asked_on, last__gte=event.asked_on).order_by("pk"))
    for pk in campaigns.values_list("pk", flat=True):
        enqueue_rules(pk)


def connect() -> None:
    events.subscribe(events.InspectionSubmitted, rerun_rules)
    events.subscribe(events.SatisfactionRecorded, rerun_rules_of_answer)
