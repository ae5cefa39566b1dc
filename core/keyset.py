"""Keyset (cursor) pagination: a page costs the same at row 10 and at row 1,000,000."""

import base64
import binascii
import json
import math
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

MAX_CURSOR_LENGTH = 1000
_INT_BOUND = 2**63  # what a 64-bit column holds; SQLite raises OverflowError past it


class InvalidCursor(ValueError):
    """A cursor that this module did not write (edited, truncated, forged): show the first page or 400."""


def _encode(values) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, (date, datetime)) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode(cursor: str) -> tuple:
    if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("cursor too long or not text")
    try:
        after = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")).decode())
    except (ValueError, UnicodeError, binascii.Error):
        raise InvalidCursor("cursor is not base64 JSON") from None
    if not (isinstance(after, list) and len(after) == 2):
        raise InvalidCursor("cursor is not a (value, pk) pair")
    value, pk = after
    if not _is_int(pk) or not (_is_int(value) or isinstance(value, str) and len(value) <= 200
                               or isinstance(value, float) and math.isfinite(value)):
        raise InvalidCursor("cursor holds values of the wrong type")
    return value, pk


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -_INT_BOUND < value < _INT_BOUND


def keyset_page(queryset: QuerySet, *, key: str, descending: bool, cursor: str | None, size: int):
    """(rows, next cursor or None), ordered by (`key`, pk); `key` must not be null.

    Raises InvalidCursor when `cursor` is not one this function returned.
    """
    order = [f"-{key}", "-pk"] if descending else [key, "pk"]
    queryset = queryset.order_by(*order)
    if cursor:
        value, pk = _decode(cursor)
        op = "lt" if descending else "gt"
        try:  # the field converts the value here: a date key given "abc" fails now, not in the database
            queryset = queryset.filter(Q(**{f"{key}__{op}": value}) | Q(**{key: value, f"pk__{op}": pk}))
        except (ValueError, TypeError, ValidationError):
            raise InvalidCursor("cursor value does not fit the key") from None
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = _encode([getattr(rows[-1], key), rows[-1].pk]) if more and rows else None
    return rows, next_cursor
