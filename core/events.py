"""Domain events: how a writer tells the rest of the house what happened without naming it.

A service publishes a small typed record; apps that care subscribe in their `AppConfig.ready`.
Two kinds of subscriber:

- `subscribe(Event, handler)` — called after the transaction commits (the read side: dashboard
  refresh, notifications). An event published in a transaction that rolls back reaches nobody.
- `subscribe(Event, handler, within_transaction=True)` — called at once, inside the writer's
  transaction, for a write that must stand or fall with it (a submitted form's ledger problems).
  If the transaction rolls back, so does what the handler wrote.

ARCHITECTURE.md lists every event, its publishers and its subscribers. No Django app is imported
here: core is ground, importable by all.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction


@dataclass(frozen=True)
class WorkListBuilt:
    """A campaign's forms were (re)created: every figure of the campaign may have moved."""

    campaign_id: int


@dataclass(frozen=True)
class SubmissionChanged:
    """A form was saved, submitted, approved or returned."""

    submission_id: int
    campaign_id: int
    unit_id: str


@dataclass(frozen=True)
class SubmissionSubmitted:
    """A checker submitted a form (谁排查、谁签字); its 是 answers become ledger problems."""

    submission_id: int
    campaign_id: int
    unit_id: str
    by_id: int


@dataclass(frozen=True)
class ProblemOpened:
    """Problems were born in one unit of a campaign (one event per unit of a batch, not per problem:
    a carry-over opens thousands at once)."""

    problem_ids: tuple[int, ...]
    campaign_id: int
    unit_id: str


@dataclass(frozen=True)
class ProblemChanged:
    """Any step of a problem other than its birth and its 销号: update, rectify, return, withdraw."""

    problem_id: int
    campaign_id: int
    unit_id: str
    action: str


@dataclass(frozen=True)
class ProblemClosed:
    problem_id: int
    campaign_id: int
    unit_id: str


@dataclass(frozen=True)
class CampaignCopied:
    """An office started a campaign like an earlier one (来年再看); `carry_over` asks that the earlier
    campaign's unfinished problems go into the new one."""

    source_id: int
    campaign_id: int
    by_id: int
    carry_over: bool


@dataclass(frozen=True)
class DepartmentRenamed:
    """A county office renamed a department of its list; its members' cached grants hold the old name."""

    department_id: int


@dataclass(frozen=True)
class SpotCheckDrawn:
    spot_check_id: int
    campaign_id: int


@dataclass(frozen=True)
class InspectionSubmitted:
    """An inspector handed in a spot-check form: the sample's error rates may have moved."""

    inspection_id: int
    spot_check_id: int
    campaign_id: int
    unit_id: str


@dataclass(frozen=True)
class SatisfactionRecorded:
    """A household answered 知晓、满意: at a helper's visit (`campaign_id` None: every campaign whose window
    holds `asked_on` may count it) or to a spot check's inspector (that campaign)."""

    satisfaction_id: int
    unit_id: str
    asked_on: date
    campaign_id: int | None


_after_commit: dict[type, list[Callable]] = defaultdict(list)
_within: dict[type, list[Callable]] = defaultdict(list)


def subscribe(event_type: type, handler: Callable, *, within_transaction: bool = False) -> None:
    """Register `handler(event)`; registering the same handler twice keeps one (ready() may run twice)."""
    handlers = (_within if within_transaction else _after_commit)[event_type]
    if handler not in handlers:
        handlers.append(handler)


def publish(event) -> None:
    for handler in list(_within[type(event)]):
        handler(event)
    if _after_commit[type(event)]:
        transaction.on_commit(lambda: _dispatch(event))


def _dispatch(event) -> None:
    for handler in list(_after_commit[type(event)]):
        handler(event)


def subscribers(event_type: type) -> list[Callable]:
    """Both kinds, for tests and ARCHITECTURE.md checks."""
    return [*_within[event_type], *_after_commit[event_type]]
