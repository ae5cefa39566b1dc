"""Audit rows, all in django-auditlog's LogEntry: model writes (its signals), bulk writes that
bypass signals (recorded here, one row per object), and reveals of personal data (ACCESS rows
saying who saw which field of whom, when and why)."""

import csv
import io
import json

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

acting_as = set_actor  # `with acting_as(user):` makes signal-recorded writes name their actor

BULK_BATCH = 2000


def record_bulk_writes(model, entries, *, by, source: str) -> int:
    """One LogEntry per written row; `entries` are (pk, label, action, changes) with
    changes {field: [before, after]} already masked where personal.

    On PostgreSQL the rows go in by COPY, like the writes they record (bulk_create of
    20,000 audit rows took longer than the import it recorded)."""
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    extra = {"source": source}
    if connection.vendor == "postgresql":
        return _copy(entries, content_type.pk, by, now, extra)
    rows = [
        LogEntry(content_type=content_type, object_pk=str(pk), object_id=pk, object_repr=label, action=action,
                 changes=changes, actor=by, actor_email=by.email or None, timestamp=now, additional_data=extra)
        for pk, label, action, changes in entries
    ]
    LogEntry.objects.bulk_create(rows, batch_size=BULK_BATCH)
    return len(rows)


_COPY_COLUMNS = ["content_type_id", "object_pk", "object_id", "object_repr", "action", "changes", "changes_text",
                 "actor_id", "actor_email", "timestamp", "additional_data"]


def _copy(entries, content_type_id: int, by, now, extra: dict) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    extra_json, at, email = json.dumps(extra, ensure_ascii=False), now.isoformat(), by.email or None
    count = 0
    for pk, label, action, changes in entries:
        writer.writerow([content_type_id, pk, pk, label, action, json.dumps(changes, ensure_ascii=False), "",
                         by.pk, email, at, extra_json])
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {LogEntry._meta.db_table} ({', '.join(_COPY_COLUMNS)}) FROM STDIN WITH "
                           f"(FORMAT csv, FORCE_NOT_NULL (object_pk, object_repr, changes_text))", buffer)
    return count


def record_reveal(obj, *, by, field: str, reason: str) -> LogEntry:
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), object_id=obj.pk,
        object_repr=str(obj.pk), action=LogEntry.Action.ACCESS, actor=by, actor_email=by.email or None,
        additional_data={"field": field, "reason": reason},
    )


def entries_for(obj, limit: int = 200):
    """The object's audit rows, newest first."""
    return list(LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")[:limit])
