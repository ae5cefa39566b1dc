"""Audit rows, all in django-auditlog's LogEntry: model writes (its signals), bulk writes that
bypass signals (recorded here, one row per object), and reveals of personal data (ACCESS rows
saying who saw which field of whom, when and why)."""

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

acting_as = set_actor  # `with acting_as(user):` makes signal-recorded writes name their actor

BULK_BATCH = 2000


def record_bulk_writes(model, entries, *, by, source: str) -> int:
    """One LogEntry per written row; `entries` are (pk, label, action, changes) with
    changes {field: [before, after]} already masked where personal."""
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    rows = [
        LogEntry(content_type=content_type, object_pk=str(pk), object_id=pk, object_repr=label, action=action,
                 changes=changes, actor=by, actor_email=by.email or None, timestamp=now,
                 additional_data={"source": source})
        for pk, label, action, changes in entries
    ]
    LogEntry.objects.bulk_create(rows, batch_size=BULK_BATCH)
    return len(rows)


def record_reveal(obj, *, by, field: str, reason: str) -> LogEntry:
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), object_id=obj.pk,
        object_repr=str(obj.pk), action=LogEntry.Action.ACCESS, actor=by, actor_email=by.email or None,
        additional_data={"field": field, "reason": reason},
    )


def entries_for(obj, limit: int = 200):
    """The object's audit rows, newest first."""
    return list(LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")[:limit])
