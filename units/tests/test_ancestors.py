from units.models import AdminUnit


def test_ancestor_codes_come_from_the_code():
    assert AdminUnit(code="411322100001").ancestor_codes() == ["41", "4113", "411322", "411322100"]
    assert AdminUnit(code="41").ancestor_codes() == []
