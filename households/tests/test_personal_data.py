"""ID numbers and phones are masked everywhere; a reveal is an explicit, recorded act; every write is audited."""

import json

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from households import idnumber, imports
from households.models import Household
from households.tests.test_roster_import import good_row, roster
from tests.factories import make_household

PHONE, HELPER_PHONE = "13812345678", "13987654321"
REASON = "入户核实低保资格"


@pytest.fixture
def person(village):
    return make_household(village, phone=PHONE, helper_name="李帮扶", helper_phone=HELPER_PHONE)


def reveals_of(household):
    return list(LogEntry.objects.get_for_object(household).filter(action=LogEntry.Action.ACCESS))


def test_no_page_api_or_admin_shows_a_clear_phone(client, county_office, person, village):
    client.force_login(county_office)
    urls = [
        reverse("households:detail", args=[person.pk]),
        reverse("units:detail", args=[village.code]),
        reverse("admin:households_household_change", args=[person.pk]),
        reverse("admin:households_household_changelist"),
        reverse("household-list"),
        reverse("household-detail", args=[person.pk]),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert PHONE not in body and HELPER_PHONE not in body, url
    body = client.get(reverse("households:detail", args=[person.pk])).content.decode()
    assert "138****5678" in body and "139****4321" in body
    row = client.get(reverse("household-detail", args=[person.pk])).json()
    assert (row["phone"], row["helper_phone"], row["id_number"]) == ("138****5678", "139****4321",
                                                                     person.id_number_masked)


@pytest.mark.parametrize("field, clear", [("phone", PHONE), ("helper_phone", HELPER_PHONE), ("id_number", None)])
def test_a_checker_reveals_one_field_with_a_reason_and_it_is_recorded(client, checker, person, field, clear):
    clear = clear or idnumber.decrypt(person.id_number_cipher)
    client.force_login(checker)
    response = client.post(reverse("households:reveal", args=[person.pk]), {"field": field, "reason": REASON})
    assert response.status_code == 200 and clear in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    [entry] = reveals_of(person)
    assert (entry.actor, entry.object_id, entry.additional_data) == (checker, person.pk,
                                                                     {"field": field, "reason": REASON})
    assert entry.timestamp is not None
    others = {"phone": PHONE, "helper_phone": HELPER_PHONE, "id_number": idnumber.decrypt(person.id_number_cipher)}
    body = response.content.decode()
    assert all(value not in body for name, value in others.items() if name != field)
    assert clear not in client.get(reverse("households:detail", args=[person.pk])).content.decode()


@pytest.mark.parametrize("data", [{"field": "phone"}, {"field": "phone", "reason": "看"}, {"field": "phone", "reason": "x" * 201},
                                  {"field": "id_number_cipher", "reason": REASON}, {"field": "phone", "reason": "查看\u200b原因"}])
def test_a_reveal_without_a_proper_reason_or_field_shows_nothing_and_records_nothing(client, checker, person, data):
    client.force_login(checker)
    response = client.post(reverse("households:reveal", args=[person.pk]), data)
    assert response.status_code == 400
    assert PHONE not in response.content.decode() and not reveals_of(person)


@pytest.mark.parametrize("persona", ["department_user", "viewer"])
def test_departments_and_inspectors_cannot_reveal(request, client, person, persona):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("households:detail", args=[person.pk])).content.decode()
    assert reverse("households:reveal", args=[person.pk]) not in page
    response = client.post(reverse("households:reveal", args=[person.pk]), {"field": "phone", "reason": REASON})
    assert response.status_code == 403 and PHONE not in response.content.decode() and not reveals_of(person)


def test_an_outsider_gets_404_and_a_get_is_refused(client, outsider, checker, person):
    client.force_login(outsider)
    url = reverse("households:reveal", args=[person.pk])
    assert client.post(url, {"field": "phone", "reason": REASON}).status_code == 404
    client.force_login(checker)
    assert client.get(url).status_code == 405
    assert not reveals_of(person)


def test_a_reveal_needs_the_csrf_token(checker, person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(checker)
    response = client.post(reverse("households:reveal", args=[person.pk]), {"field": "phone", "reason": REASON})
    assert response.status_code == 403 and not reveals_of(person)


def admin_change(client, household, **changes):
    data = {"number": household.number, "village": household.village_id, "head_name": household.head_name,
            "id_number": "", "kind": household.kind, "members": household.members,
            "members_able_to_work": household.members_able_to_work, "phone": "", "helper_name": household.helper_name,
            "helper_phone": "", **changes}
    return client.post(reverse("admin:households_household_change", args=[household.pk]), data)


def test_an_admin_change_is_audited_with_its_actor_and_masked_phones(client, township_office, person):
    client.force_login(township_office)
    assert admin_change(client, person, phone="13700001111", members=4).status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.helper_phone, person.members) == ("13700001111", HELPER_PHONE, 4)
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == township_office
    assert entry.changes == {"phone": ["138****5678", "137****1111"], "members": ["3", "4"]}
    stored = json.dumps(list(LogEntry.objects.values_list("changes", "changes_text", "serialized_data")))
    assert PHONE not in stored and "13700001111" not in stored and HELPER_PHONE not in stored


def test_the_admin_form_never_puts_a_clear_phone_in_the_page_and_blank_keeps_it(client, township_office, person):
    client.force_login(township_office)
    body = client.get(reverse("admin:households_household_change", args=[person.pk])).content.decode()
    assert "当前：138****5678；留空表示不变。" in body and PHONE not in body
    assert admin_change(client, person).status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.helper_phone) == (PHONE, HELPER_PHONE)


def test_an_import_records_one_audit_row_per_created_or_changed_household(township_office, village):
    rows = [good_row(f"A{i}", village, i) for i in range(3)]
    imports.apply(township_office, roster(rows))
    created = LogEntry.objects.filter(action=LogEntry.Action.CREATE, actor=township_office)
    assert created.count() == 3
    first = created.get(object_id=Household.objects.get(number="A0").pk)
    assert first.changes["phone"] == ["None", "139****0000"] and first.additional_data == {"source": "花名册导入"}
    assert first.changes["id_number_masked"][1] == Household.objects.get(number="A0").id_number_masked

    rows[1] = good_row("A1", village, 1, 家庭人口=6, 联系电话="13911112222")
    imports.apply(township_office, roster(rows))
    [update] = LogEntry.objects.filter(action=LogEntry.Action.UPDATE)
    assert update.object_id == Household.objects.get(number="A1").pk and update.actor == township_office
    assert update.changes == {"members": ["4", "6"], "phone": ["139****0000", "139****2222"]}
    stored = json.dumps(list(LogEntry.objects.values_list("changes", flat=True)))
    assert "13911112222" not in stored and "13900000000" not in stored


def test_the_county_office_reads_who_changed_and_who_viewed_on_the_household_page(
        client, county_office, township_office, checker, person):
    client.force_login(township_office)
    admin_change(client, person, phone="13700001111")
    client.force_login(checker)
    client.post(reverse("households:reveal", args=[person.pk]), {"field": "phone", "reason": REASON})

    client.force_login(county_office)
    body = client.get(reverse("households:detail", args=[person.pk])).content.decode()
    assert "修改与查看记录" in body
    assert "<td>checker</td><td>查看个人信息</td>" in body and f"联系电话，原因：{REASON}" in body
    assert "<td>township_office</td><td>修改</td>" in body and "联系电话：138****5678 → 137****1111" in body
    assert "13700001111" not in body

    client.force_login(township_office)
    assert "修改与查看记录" not in client.get(reverse("households:detail", args=[person.pk])).content.decode()
