from units.codes import ancestor_codes, code_after, is_code, is_within, level_of, parent_code, subtree_range


def test_the_level_and_parent_of_a_code_come_from_its_length():
    assert [level_of(c) for c in ["41", "4113", "411322", "411322100", "411322100001"]] == [
        "province", "city", "county", "township", "village"]
    assert level_of("41132") is None and level_of("4113xx") is None
    assert parent_code("411322100001") == "411322100" and parent_code("41") is None
    assert ancestor_codes("411322100") == ["41", "4113", "411322"]


def test_a_subtree_is_a_prefix_written_as_a_half_open_range():
    assert is_within("411322100001", "411322") and is_within("411322", "411322")
    assert not is_within("411321100001", "411322")
    assert subtree_range("411329") == ("411329", code_after("411329")) == ("411329", "41133")
    assert is_code("411322100001") and not is_code("4113221") and not is_code("41a3")
