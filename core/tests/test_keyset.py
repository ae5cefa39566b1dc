import base64
import json

import pytest

from core.keyset import InvalidCursor, _encode, keyset_page
from households.models import Household
from tests.factories import make_household


def raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.fixture
def households(village):
    return [make_household(village) for _ in range(5)]


def test_pages_follow_each_other_by_cursor(households):
    first, cursor = keyset_page(Household.objects.all(), key="updated_at", descending=True, cursor=None, size=3)
    second, end = keyset_page(Household.objects.all(), key="updated_at", descending=True, cursor=cursor, size=3)
    assert len(first) == 3 and len(second) == 2 and end is None
    assert {h.pk for h in first + second} == {h.pk for h in households}


@pytest.mark.parametrize("cursor", [
    "%%%", "ab", "é", "x" * 5000, raw("5"), raw('"ab"'), raw("[1]"), raw("[1, 2, 3]"), raw('[{"a": 1}, 1]'),
    raw('["2026-01-01", "abc"]'), raw('["2026-01-01", true]'), raw(f'["2026-01-01", {2**64}]'),
    raw('["not a date", 1]'), raw("[NaN, 1]"), raw('["' + "9" * 300 + '", 1]'), raw("\x00\x01"),
])
def test_a_cursor_it_did_not_write_raises_invalid_cursor(households, cursor):
    with pytest.raises(InvalidCursor):
        keyset_page(Household.objects.all(), key="updated_at", descending=True, cursor=cursor, size=3)


def test_invalid_cursor_is_a_value_error():
    assert issubclass(InvalidCursor, ValueError)


def test_an_encoded_cursor_decodes_to_its_values():
    assert json.loads(base64.urlsafe_b64decode(_encode(["a", 3]))) == ["a", 3]
