from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD


def test_schema_is_openapi_and_lists_units_and_households(client, county_office):
    client.force_login(county_office)
    response = client.get(reverse("api-schema"), {"format": "json"})
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/households/" in schema["paths"] and "/api/units/{code}/" in schema["paths"]


def test_api_needs_authentication(client, household):
    assert client.get(reverse("household-list")).status_code in (401, 403)


def test_token_obtained_with_password_authenticates(client, township_office, household, outside_household):
    response = client.post(reverse("api-token"), {"username": "township_office", "password": PASSWORD})
    token = response.json()["token"]
    assert Token.objects.get(user=township_office).key == token

    listed = client.get(reverse("household-list"), HTTP_AUTHORIZATION=f"Token {token}").json()
    assert [row["number"] for row in listed["results"]] == [household.number]
    assert listed["results"][0]["id_number"] == household.id_number_masked


def test_units_api_filters_by_parent_within_scope(client, county_office, village, sibling_village, outside_village):
    client.force_login(county_office)
    rows = client.get(reverse("unit-list"), {"parent": village.parent_id}).json()["results"]
    assert [r["code"] for r in rows] == [village.code, sibling_village.code]
    rows = client.get(reverse("unit-list"), {"parent": outside_village.parent_id}).json()["results"]
    assert rows == []


def test_households_api_filters_by_unit_and_type(client, county_office, household, other_township_household):
    client.force_login(county_office)
    rows = client.get(reverse("household-list"), {"unit": "411322101"}).json()["results"]
    assert [r["id"] for r in rows] == [other_township_household.pk]
    rows = client.get(reverse("household-list"), {"has_elderly": "true"}).json()["results"]
    assert [r["id"] for r in rows] == [household.pk]
