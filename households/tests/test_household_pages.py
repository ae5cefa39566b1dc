import re

from django.urls import reverse

from households import idnumber
from households.models import Household
from tests.factories import make_household

FULL_ID = re.compile(r"\d{17}[\dX]")


def test_unit_page_lists_households_filtered_by_type_and_key_person(client, township_office, village):
    elder = make_household(village, kind=Household.Kind.MONITORED, has_elderly=True, head_name="张老汉")
    plain = make_household(village, kind=Household.Kind.POVERTY_EXITED, head_name="李青年")
    client.force_login(township_office)
    url = reverse("units:detail", args=[village.code])

    body = client.get(url, {"kind": "monitored"}).content.decode()
    assert elder.head_name in body and plain.head_name not in body
    body = client.get(url, {"has_elderly": "true"}).content.decode()
    assert elder.head_name in body and plain.head_name not in body
    body = client.get(url, {"key_person": "false"}).content.decode()
    assert plain.head_name in body and elder.head_name not in body


def test_household_list_is_paginated_and_keeps_filters(client, township_office, village):
    for _ in range(55):
        make_household(village, kind=Household.Kind.MONITORED)
    client.force_login(township_office)
    response = client.get(reverse("units:detail", args=[village.code]), {"kind": "monitored"})
    assert response.context["page"].paginator.count == 55
    assert len(response.context["page"].object_list) == 50
    assert "kind=monitored&amp;page=2" in response.content.decode()


def test_unit_page_query_count_does_not_grow_with_rows(client, township_office, village, django_assert_max_num_queries):
    for _ in range(30):
        make_household(village)
    client.force_login(township_office)
    with django_assert_max_num_queries(12):
        client.get(reverse("units:detail", args=[village.parent.code]))


def test_no_page_or_api_shows_an_unmasked_id_number(client, county_office, household, village):
    client.force_login(county_office)
    clear = idnumber.decrypt(household.id_number_cipher)
    urls = [
        reverse("households:detail", args=[household.pk]),
        reverse("units:detail", args=[village.code]),
        reverse("units:detail", args=[village.parent.code]),
        reverse("admin:households_household_change", args=[household.pk]),
        reverse("admin:households_household_changelist"),
        reverse("household-list"),
        reverse("household-detail", args=[household.pk]),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert clear not in body, url
        assert household.id_number_masked in body, url
        assert not FULL_ID.search(body.replace(household.number, "")), url


def test_household_detail_shows_the_facts(client, checker, household):
    client.force_login(checker)
    body = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert household.head_name in body and "老人" in body and household.get_kind_display() in body


def test_admin_can_register_a_household_with_a_validated_id_number(client, township_office, village):
    client.force_login(township_office)
    url = reverse("admin:households_household_add")
    data = {"number": "N1", "village": village.code, "head_name": "刘备", "kind": "monitored",
            "members": 2, "members_able_to_work": 3, "id_number": "110105194912310021",
            "phone": "", "helper_name": "", "helper_phone": ""}
    body = client.post(url, data).content.decode()
    assert "身份证号码校验位不正确" in body and "劳动力人数不能超过家庭人口" in body
    assert not Household.objects.exists()

    data.update(id_number="11010519491231002X", members_able_to_work=1)
    assert client.post(url, data).status_code == 302
    assert Household.objects.get().id_number_masked == "110105********002X"
