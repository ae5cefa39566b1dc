"""Kills the mutants of accounts/scoping.py that the behaviour tests let live (tests/README.md):
the superuser and deactivated-user branches of scope(), scope_overlapping(), can(), holds() and
scope_codes(), each checked for every combination of active and superuser."""

import pytest
from django.contrib.auth import get_user_model

from accounts.roles import Capability, Role
from accounts.scoping import _minimal, can, holds, scope, scope_codes, scope_overlapping
from campaigns.models import Campaign
from households.models import Household
from tests.factories import make_user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_user("root", password="x", is_superuser=True, is_staff=True)


def deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def visible(user):
    return set(scope(user, Household.objects.all()).values_list("pk", flat=True))


def test_an_active_superuser_sees_and_may_do_everything(superuser, household, outside_household):
    assert visible(superuser) == {household.pk, outside_household.pk}
    assert can(superuser, outside_household.village_id, Capability.MANAGE) is True
    assert holds(superuser, Capability.MANAGE) is True


def test_a_deactivated_superuser_sees_nothing_and_may_do_nothing(superuser, household, outside_household):
    deactivate(superuser)
    assert visible(superuser) == set()
    assert scope_overlapping(superuser, Household.objects.all()).count() == 0
    assert can(superuser, household.village_id) is False
    assert holds(superuser, Capability.VIEW, Capability.MANAGE) is False
    assert scope_codes(superuser) == []


def test_a_deactivated_office_keeps_its_grants_but_uses_none(county_office, household):
    assert visible(county_office) == {household.pk} and can(county_office, household.village_id) is True
    assert holds(county_office, Capability.VIEW) is True and scope_codes(county_office) == ["411322"]
    deactivate(county_office)
    assert visible(county_office) == set()
    assert can(county_office, household.village_id) is False
    assert holds(county_office, Capability.VIEW) is False
    assert scope_codes(county_office) == []


def test_an_active_user_without_grants_sees_nothing(db, household):
    nobody = get_user_model().objects.create_user("nobody", password="x")
    assert visible(nobody) == set() and can(nobody, household.village_id) is False
    assert holds(nobody, Capability.VIEW) is False


def test_a_capability_the_role_lacks_gives_no_rows(viewer, household):
    assert visible(viewer) == {household.pk}
    assert scope(viewer, Household.objects.all(), Capability.MANAGE).count() == 0
    assert can(viewer, household.village_id, Capability.MANAGE) is False
    assert holds(viewer, Capability.MANAGE) is False and holds(viewer, Capability.MANAGE, Capability.VIEW) is True


def test_scope_overlapping_reaches_ancestors_and_the_subtree_only(township_office, county, village, outside_village):
    from tests.factories import make_campaign

    county_campaign = make_campaign(county, [], by=township_office, name="县级")
    outside = make_campaign(outside_village.parent.parent, [], by=township_office, name="外县")
    village_campaign = make_campaign(village, [], by=township_office, name="村级")
    seen = set(scope_overlapping(township_office, Campaign.objects.all()).values_list("pk", flat=True))
    assert seen == {county_campaign.pk, village_campaign.pk}
    assert outside.pk not in seen


def test_minimal_keeps_only_the_outermost_codes():
    assert _minimal(["411322100001", "411322", "411322100", "411321100", "411321100"]) == ["411322", "411321100"]
    assert _minimal([]) == []


def test_can_is_a_prefix_test_on_the_unit_code(township_office, village, other_township_village):
    assert can(township_office, village.code) is True
    assert can(township_office, other_township_village.code) is False
    assert can(township_office, village.code[:6]) is False  # the county above is not the township's


def test_two_grants_of_one_user_see_both_subtrees(township_office, other_township, household, other_township_household,
                                                  outside_household):
    from accounts.services import grant_role

    grant_role(username=township_office.username, role=Role.TOWNSHIP_OFFICE, unit_code=other_township.code)
    user = get_user_model().objects.get(pk=township_office.pk)
    assert visible(user) == {household.pk, other_township_household.pk}
    assert sorted(scope_codes(user)) == sorted([household.village_id[:9], other_township.code])


def test_forgetting_grants_raises_the_version(county_office):
    from accounts.scoping import forget_grants, grants_version

    forget_grants(county_office)
    before = grants_version(county_office)
    forget_grants(county_office)
    assert grants_version(county_office) > before


def test_scope_overlapping_shows_a_township_the_campaigns_of_its_city_and_province(township_office, county):
    from tests.factories import make_campaign, make_unit

    city = make_campaign(county.parent, [], by=township_office, name="市级")
    province = make_campaign(make_unit("41"), [], by=township_office, name="省级")
    seen = set(scope_overlapping(township_office, Campaign.objects.all()).values_list("pk", flat=True))
    assert seen == {city.pk, province.pk}


def test_unit_code_of_follows_the_scope_field(household, county_office):
    from types import SimpleNamespace

    from accounts.models import DepartmentGrant
    from accounts.scoping import unit_code_of
    from units.models import Department

    assert unit_code_of(household) == household.village_id
    assert unit_code_of(household.village) == household.village_id
    department = Department.objects.create(county_id="411322", name="卫健委")
    grant = DepartmentGrant(content_object=department, user=county_office)
    assert unit_code_of(grant) == "411322"

    class Row(SimpleNamespace):
        SCOPE_FIELD = "unit__area_code"  # a last hop other than the code the foreign key holds

    assert unit_code_of(Row(unit=SimpleNamespace(area_code="4113"), unit_id="411322")) == "4113"


def test_unit_code_of_reads_the_code_from_the_foreign_key_without_a_query(household, django_assert_num_queries):
    from accounts.scoping import unit_code_of

    fresh = Household.objects.get(pk=household.pk)
    with django_assert_num_queries(0):
        assert unit_code_of(fresh) == household.village_id


def test_a_village_user_sees_the_campaigns_of_its_township(checker, township, village):
    from tests.factories import make_campaign

    township_campaign = make_campaign(township, [], by=checker, name="乡级")
    assert list(scope_overlapping(checker, Campaign.objects.all())) == [township_campaign]


def test_a_grant_describes_its_role_and_capabilities():
    from accounts.scoping import Grant

    grant = Grant(Role.VIEWER, "411322", "方城县")
    assert grant.role_label == Role.VIEWER.label
    assert grant.capabilities == [Capability.VIEW.label]
