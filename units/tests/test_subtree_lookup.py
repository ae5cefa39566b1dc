from units.lookups import code_after
from units.models import AdminUnit
from tests.factories import make_unit


def test_code_after_is_the_first_code_past_a_subtree():
    assert code_after("411322") == "411323"
    assert code_after("411329") == "41133"
    assert code_after("41139999") == "4114"
    assert code_after("99") == "A"
    assert "411329999999" < code_after("411329") <= "411330"


def test_subtree_matches_exactly_what_startswith_matches(db):
    for code in ["411329100001", "411329101002", "411330100001", "411321100001", "4113", "41"]:
        make_unit(code)
    for prefix in ["41", "4113", "411329", "4113291", "411329100", "411330100001", "9", "41132x"]:
        by_range = set(AdminUnit.objects.filter(code__subtree=prefix).values_list("code", flat=True))
        by_prefix = set(AdminUnit.objects.filter(code__startswith=prefix).values_list("code", flat=True))
        assert by_range == by_prefix, prefix
    assert set(AdminUnit.objects.in_subtree("411329").values_list("code", flat=True)) == {
        "411329", "411329100", "411329100001", "411329101", "411329101002"}


def test_subtree_is_written_as_a_range_for_digit_codes():
    sql = str(AdminUnit.objects.filter(code__subtree="411322").query)
    assert ">= 411322" in sql and "< 411323" in sql and "LIKE" not in sql
