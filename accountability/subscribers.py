"""What the 问责 rules listen to; registered in AccountabilityConfig.ready."""

from core import events

from .tasks import enqueue_rules


def rerun_rules(event) -> None:
    enqueue_rules(event.campaign_id)


def connect() -> None:
    events.subscribe(events.InspectionSubmitted, rerun_rules)
