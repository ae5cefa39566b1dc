"""The dashboards listen to every writer: each event that can move a figure enqueues a refresh.

Handlers run after the writer's transaction commits (core.events), so they call the debounced
enqueue directly; registered in DashboardsConfig.ready.
"""

from core import events

from .tasks import enqueue_refresh


def refresh_unit(event) -> None:
    enqueue_refresh(event.campaign_id, event.unit_id)


def refresh_campaign(event) -> None:
    enqueue_refresh(event.campaign_id, None)


UNIT_EVENTS = (events.SubmissionChanged, events.ProblemOpened, events.ProblemChanged, events.ProblemClosed)
CAMPAIGN_EVENTS = (events.WorkListBuilt, events.SpotCheckDrawn)


def connect() -> None:
    for event_type in UNIT_EVENTS:
        events.subscribe(event_type, refresh_unit)
    for event_type in CAMPAIGN_EVENTS:
        events.subscribe(event_type, refresh_campaign)
