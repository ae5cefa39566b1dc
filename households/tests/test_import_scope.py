"""A roster import touches only households of the importer's scope, and says nothing of others."""

import pytest

from households import idnumber, imports
from households.models import TAKEN, Household
from households.tests.test_roster_import import good_row, roster
from tests.factories import make_household

CLASH = [(imports.TAKEN_COLUMN, TAKEN)]


def snapshot(household):
    household.refresh_from_db()
    return (household.head_name, household.village_id, household.kind, household.members,
            household.members_able_to_work, household.id_number_hash, household.phone, household.updated_at)


def clear_id(household) -> str:
    return idnumber.decrypt(household.id_number_cipher)


@pytest.mark.parametrize("victim_name", ["other_township_household", "outside_household"])
def test_a_row_with_the_number_and_id_of_a_household_outside_scope_changes_nothing_there(
        request, township_office, village, victim_name):
    victim = request.getfixturevalue(victim_name)
    before = snapshot(victim)
    rows = [good_row(victim.number, village, 1, 身份证号=clear_id(victim), 户主姓名="冒名顶替", 户类型="一般户", 家庭人口=7)]

    preview = imports.preview(township_office, roster(rows))
    assert preview.counts == {"new": 0, "update": 0, "skip": 0, "error": 1}
    assert preview.rows[0].errors == CLASH
    with pytest.raises(imports.RosterError, match="未导入任何数据"):
        imports.apply(township_office, roster(rows))
    assert snapshot(victim) == before


@pytest.mark.parametrize("victim_name", ["other_township_household", "outside_household"])
def test_a_row_with_only_the_number_of_a_household_outside_scope_is_refused(
        request, township_office, village, victim_name):
    victim = request.getfixturevalue(victim_name)
    before = snapshot(victim)
    rows = [good_row(victim.number, village, 1, 户主姓名="冒名顶替")]
    assert imports.preview(township_office, roster(rows)).rows[0].errors == CLASH
    with pytest.raises(imports.RosterError):
        imports.apply(township_office, roster(rows))
    assert snapshot(victim) == before
    assert Household.objects.count() == 1


@pytest.mark.parametrize("victim_name", ["other_township_household", "outside_household"])
def test_a_row_with_only_the_id_number_of_a_household_outside_scope_is_refused(
        request, township_office, village, victim_name):
    victim = request.getfixturevalue(victim_name)
    before = snapshot(victim)
    rows = [good_row("NEW1", village, 1, 身份证号=clear_id(victim))]
    assert imports.preview(township_office, roster(rows)).rows[0].errors == CLASH
    with pytest.raises(imports.RosterError):
        imports.apply(township_office, roster(rows))
    assert snapshot(victim) == before
    assert not Household.objects.filter(number="NEW1").exists()


def test_every_clash_reads_the_same_whether_the_other_household_is_visible_or_not(
        township_office, village, household, other_township_household, outside_household):
    mine, neighbour = make_household(village), make_household(village)
    rows = [
        good_row(other_township_household.number, village, 1),             # number, other township
        good_row(outside_household.number, village, 2),                    # number, other county
        good_row("X3", village, 3, 身份证号=clear_id(other_township_household)),  # ID, other township
        good_row("X4", village, 4, 身份证号=clear_id(outside_household)),          # ID, other county
        good_row("X5", village, 5, 身份证号=clear_id(household)),                  # ID of a household in scope
        good_row(mine.number, village, 6, 身份证号=clear_id(neighbour)),           # in scope, ID of another one
    ]
    preview = imports.preview(township_office, roster(rows))
    assert [row.errors for row in preview.rows] == [CLASH] * 6
    page_text = " ".join(reason for row in preview.rows for _, reason in row.errors)
    assert "其他农户" not in page_text and "管辖" not in page_text


def test_a_county_office_updates_and_moves_households_across_its_townships(
        county_office, household, other_township_village):
    row = good_row(household.number, other_township_village, 0, 身份证号=clear_id(household), 户主姓名="新户主")
    assert imports.apply(county_office, roster([row])) == {"new": 0, "update": 1, "skip": 0}
    household.refresh_from_db()
    assert (household.village_id, household.head_name) == (other_township_village.code, "新户主")


def test_a_township_cannot_move_its_own_household_out_of_its_scope(township_office, household, other_township_village):
    before = snapshot(household)
    row = good_row(household.number, other_township_village, 0, 身份证号=clear_id(household))
    errors = imports.preview(township_office, roster([row])).rows[0].errors
    assert errors == [("村代码", f"村代码“{other_township_village.code}”不在您的管辖范围内")]
    with pytest.raises(imports.RosterError):
        imports.apply(township_office, roster([row]))
    assert snapshot(household) == before


def test_the_import_page_shows_the_neutral_message(client, township_office, village, outside_household):
    from django.urls import reverse

    client.force_login(township_office)
    body = client.post(reverse("households:import"),
                       {"file": roster([good_row(outside_household.number, village, 1)])}).content.decode()
    assert f"户编号/身份证号：{TAKEN}" in body and "确认导入" not in body


def test_the_admin_form_refuses_a_taken_number_or_id_with_the_same_neutral_words(
        client, township_office, village, outside_household):
    from django.urls import reverse

    client.force_login(township_office)
    data = {"number": outside_household.number, "village": village.code, "head_name": "刘备", "kind": "monitored",
            "members": 2, "members_able_to_work": 1, "id_number": "11010519491231002X", "phone": "",
            "helper_name": "", "helper_phone": ""}
    response = client.post(reverse("admin:households_household_add"), data)
    assert response.context["adminform"].form.errors == {"number": [TAKEN]}
    data.update(number="N9", id_number=clear_id(outside_household))
    response = client.post(reverse("admin:households_household_add"), data)
    assert response.context["adminform"].form.errors == {"id_number": [TAKEN]}
    assert Household.objects.count() == 1
