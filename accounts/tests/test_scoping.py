"""A role on a unit covers its subtree; everything else answers 404, wherever it is asked for."""

import pytest
from django.urls import reverse

from accounts.roles import Capability
from accounts.scoping import can, scope
from households.models import Household
from units.models import AdminUnit


def visible_households(user):
    return set(scope(user, Household.objects.all()).values_list("pk", flat=True))


def test_township_office_sees_its_subtree_only(
    township_office, household, other_township_household, outside_household
):
    assert visible_households(township_office) == {household.pk}


def test_county_office_sees_every_township_of_its_county(
    county_office, household, other_township_household, outside_household
):
    assert visible_households(county_office) == {household.pk, other_township_household.pk}


def test_city_office_sees_every_county_of_its_city(city_office, household, outside_household):
    assert visible_households(city_office) == {household.pk, outside_household.pk}


def test_checker_sees_only_their_village(checker, household, sibling_village):
    from tests.factories import make_household

    neighbour = make_household(sibling_village)
    assert visible_households(checker) == {household.pk}
    assert neighbour.pk not in visible_households(checker)


def test_department_user_sees_its_county(department_user, household, outside_household):
    assert visible_households(department_user) == {household.pk}


def test_user_without_roles_sees_nothing(django_user_model, household):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert visible_households(nobody) == set()


def test_inactive_user_sees_nothing(county_office, household):
    county_office.is_active = False
    assert visible_households(county_office) == set()


def test_capabilities_follow_the_role(checker, reviewer, viewer, village):
    assert can(checker, village.code, Capability.FILL)
    assert not can(checker, village.code, Capability.REVIEW)
    assert can(reviewer, village.code, Capability.REVIEW)
    assert not can(viewer, village.code, Capability.FILL)
    assert can(viewer, village.code, Capability.VIEW)


def test_scope_codes_collapse_nested_grants(township, village):
    from accounts.scoping import scope_codes
    from tests.factories import make_user

    user = make_user("both", "checker", village)
    make_user("both", "township_office", township)
    assert scope_codes(user) == [township.code]


# Every user-facing door: page, admin, API. The outsider (another county's office)
# and the other township's office ask for rows by id and must get 404.

def household_urls(h):
    return [
        reverse("households:detail", args=[h.pk]),
        reverse("admin:households_household_change", args=[h.pk]),
        reverse("admin:households_household_history", args=[h.pk]),
        reverse("admin:households_household_delete", args=[h.pk]),
        reverse("household-detail", args=[h.pk]),
    ]


def unit_urls(u):
    return [
        reverse("units:detail", args=[u.code]),
        reverse("admin:units_adminunit_change", args=[u.code]),
        reverse("unit-detail", args=[u.code]),
    ]


@pytest.mark.parametrize("persona", ["outsider", "other_township_office"])
def test_rows_outside_the_subtree_answer_404_everywhere(client, request, persona, household, village, township):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    for url in household_urls(household) + unit_urls(village) + unit_urls(township):
        assert client.get(url).status_code == 404, url


def test_rows_inside_the_subtree_open_everywhere(client, township_office, household, village):
    client.force_login(township_office)
    for url in household_urls(household)[:3] + household_urls(household)[4:] + unit_urls(village):
        assert client.get(url).status_code == 200, url


def test_lists_never_show_rows_outside_the_subtree(client, outsider, household, outside_household):
    client.force_login(outsider)
    pages = [
        reverse("admin:households_household_changelist"),
        reverse("household-list"),
        reverse("admin:units_adminunit_changelist"),
        reverse("unit-list"),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert household.number not in body and "411322100001" not in body, url
        assert outside_household.number in body or "411321100001" in body, url


def test_posting_a_change_to_another_townships_household_is_404(client, other_township_office, household):
    client.force_login(other_township_office)
    url = reverse("admin:households_household_change", args=[household.pk])
    response = client.post(url, {"head_name": "改名"})
    assert response.status_code == 404
    household.refresh_from_db()
    assert household.head_name != "改名"


def test_township_office_cannot_move_a_household_to_a_village_outside_its_scope(
    client, township_office, household, other_township_village
):
    client.force_login(township_office)
    url = reverse("admin:households_household_change", args=[household.pk])
    data = {
        "number": household.number, "village": other_township_village.code, "head_name": household.head_name,
        "id_number": "", "kind": household.kind, "members": 3, "members_able_to_work": 1, "phone": "",
        "helper_name": "", "helper_phone": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with an error
    household.refresh_from_db()
    assert household.village_id != other_township_village.code


def test_checker_has_no_admin_access(client, checker, household):
    client.force_login(checker)
    response = client.get(reverse("admin:households_household_change", args=[household.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_viewer_cannot_change_in_admin(client, viewer, django_user_model, household):
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    url = reverse("admin:households_household_change", args=[household.pk])
    assert client.post(url, {"head_name": "改名"}).status_code == 403


def test_unit_tree_above_the_grant_is_not_browsable(client, township_office, county):
    client.force_login(township_office)
    assert client.get(reverse("units:detail", args=[county.code])).status_code == 404
    assert AdminUnit.objects.filter(code=county.code).exists()


def test_grants_are_cached_between_requests_and_any_change_is_seen_at_once(db, django_assert_num_queries):
    from accounts.backends import ModelBackend
    from accounts.models import UnitGrant
    from accounts.scoping import grants_of
    from accounts.services import grant_role, revoke_role
    from tests.factories import make_unit

    make_unit("411322100001")
    make_unit("411322101001")
    user = grant_role(username="cached", role="checker", unit_code="411322100001").user

    def fresh():  # the user as the next request loads it
        return ModelBackend().get_user(user.pk)

    assert [g.unit_code for g in grants_of(fresh())] == ["411322100001"]
    request_user = fresh()
    with django_assert_num_queries(0):
        assert [g.unit_code for g in grants_of(request_user)] == ["411322100001"]

    grant_role(username="cached", role="checker", unit_code="411322101001")
    assert [g.unit_code for g in grants_of(fresh())] == ["411322100001", "411322101001"]
    UnitGrant.objects.filter(user=user, content_object_id="411322101001").delete()  # as the admin site would
    assert [g.unit_code for g in grants_of(fresh())] == ["411322100001"]
    revoke_role(user=user, role="checker", unit_code="411322100001")
    assert grants_of(fresh()) == []


@pytest.mark.parametrize("persona", ["township_office", "checker", "department_user"])
def test_a_deactivated_user_reaches_nothing(request, persona, household, village):
    from accounts.scoping import get_in_scope_or_404, grants_of, holds, scope_codes, scope_overlapping
    from django.http import Http404

    user = request.getfixturevalue(persona)
    assert visible_households(user) == {household.pk} and can(user, village.code)
    user.is_active = False
    assert visible_households(user) == set()
    assert scope_overlapping(user, AdminUnit.objects.all()).count() == 0
    assert not can(user, village.code) and not can(user, village.code, Capability.VIEW)
    assert not holds(user, *Capability)
    assert scope_codes(user) == []
    assert grants_of(user)  # the grants are kept for a reactivation, only their use is refused
    with pytest.raises(Http404):
        get_in_scope_or_404(user, Household.objects.all(), pk=household.pk)


def test_an_active_superuser_reaches_everything(django_user_model, household, outside_household, outside_village):
    from accounts.scoping import holds, scope_overlapping

    boss = django_user_model.objects.create_superuser("boss", password="x")
    assert visible_households(boss) == {household.pk, outside_household.pk}
    assert scope_overlapping(boss, AdminUnit.objects.all()).count() == AdminUnit.objects.count()
    assert can(boss, outside_village.code, Capability.ADMINISTER) and holds(boss, Capability.SAMPLE)


def test_a_deactivated_superuser_reaches_nothing(django_user_model, household, outside_village):
    from accounts.scoping import get_in_scope_or_404, holds, scope_overlapping
    from django.http import Http404

    boss = django_user_model.objects.create_superuser("boss", password="x", is_active=False)
    assert visible_households(boss) == set()
    assert scope_overlapping(boss, AdminUnit.objects.all()).count() == 0
    assert not can(boss, outside_village.code) and not can(boss, household.village_id, Capability.ADMINISTER)
    assert not holds(boss, *Capability)
    with pytest.raises(Http404):
        get_in_scope_or_404(boss, Household.objects.all(), pk=household.pk)


def test_a_deactivated_superuser_is_logged_out_and_refused_in_the_admin(client, django_user_model, household):
    boss = django_user_model.objects.create_superuser("boss", password="x")
    client.force_login(boss)
    url = reverse("admin:households_household_change", args=[household.pk])
    assert client.get(url).status_code == 200
    boss.is_active = False
    boss.save(update_fields=["is_active"])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
