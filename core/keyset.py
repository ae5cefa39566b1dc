"""Keyset (cursor) pagination: a page costs the same at row 10 and at row 1,000,000."""

import base64
import json
from datetime import date, datetime

from django.db.models import Q, QuerySet


def _encode(values) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, (date, datetime)) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode(cursor: str):
    try:
        return json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        return None


def keyset_page(queryset: QuerySet, *, key: str, descending: bool, cursor: str | None, size: int):
    """(rows, next cursor or None), ordered by (`key`, pk); `key` must not be null."""
    order = [f"-{key}", "-pk"] if descending else [key, "pk"]
    queryset = queryset.order_by(*order)
    after = _decode(cursor) if cursor else None
    if after and len(after) == 2:
        value, pk = after
        op = "lt" if descending else "gt"
        queryset = queryset.filter(Q(**{f"{key}__{op}": value}) | Q(**{key: value, f"pk__{op}": pk}))
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = _encode([getattr(rows[-1], key), rows[-1].pk]) if more and rows else None
    return rows, next_cursor
