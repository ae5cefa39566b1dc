"""core.events: after-commit handlers hear only committed writes; in-transaction handlers share the write's fate."""

from dataclasses import dataclass

import pytest
from django.db import transaction

from core import events


@dataclass(frozen=True)
class Happened:
    n: int


@pytest.fixture
def heard(monkeypatch):
    """A private registry, so the apps' real subscribers are neither called nor disturbed."""
    from collections import defaultdict

    monkeypatch.setattr(events, "_after_commit", defaultdict(list))
    monkeypatch.setattr(events, "_within", defaultdict(list))
    got = []
    events.subscribe(Happened, got.append)
    return got


def test_an_event_reaches_its_subscriber_after_commit(db, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            events.publish(Happened(1))
            assert heard == []  # not before the commit
    assert len(callbacks) == 1
    assert heard == [Happened(1)]


def test_an_event_published_in_a_rolled_back_transaction_reaches_nobody(db, heard,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                events.publish(Happened(2))
                raise RuntimeError("the write failed")
        events.publish(Happened(3))
    assert len(callbacks) == 1
    assert heard == [Happened(3)]


def test_an_in_transaction_subscriber_runs_at_once(db, heard, django_capture_on_commit_callbacks):
    inside = []
    events.subscribe(Happened, inside.append, within_transaction=True)
    with django_capture_on_commit_callbacks(execute=False):
        events.publish(Happened(4))
        assert inside == [Happened(4)] and heard == []


def test_subscribing_twice_keeps_one_handler(heard, django_capture_on_commit_callbacks, db):
    events.subscribe(Happened, heard.append)
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(Happened(5))
    assert heard == [Happened(5)]


def test_every_event_has_a_subscriber():
    """An event nobody hears is dead code: each one the writers publish is wired in some AppConfig.ready."""
    published = [events.WorkListBuilt, events.SubmissionChanged, events.SubmissionSubmitted, events.ProblemOpened,
                 events.ProblemChanged, events.ProblemClosed, events.InspectionSubmitted,
                 events.CampaignCopied, events.SatisfactionRecorded]
    assert [e.__name__ for e in published if not events.subscribers(e)] == []


def test_guards_ask_the_rules_registered_above():
    """checklists asks core.guards; campaigns registered its training gate and window warning there."""
    from campaigns.phases import submission_warnings
    from campaigns.trainings import training_refusal
    from core import guards

    assert training_refusal in guards._submit_gates and submission_warnings in guards._submission_notices
