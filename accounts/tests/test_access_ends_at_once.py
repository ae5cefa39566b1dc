"""A revoked grant, a deactivation or a password change takes effect on the very next request.

Grants are cached between requests under a version stored in the database. A cache of
another process cannot be cleared from here, so each revocation below leaves the old cache
entry in place, as another process would still hold it, and checks that it is never used.
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.backends import ModelBackend
from accounts.models import UnitGrant
from accounts.scoping import _shared_key, grants_of, grants_version
from accounts.services import grant_role, revoke_role
from tests.factories import PASSWORD


def next_request_user(user):
    """The user as the next request of any process loads it."""
    return ModelBackend().get_user(user.pk)


def revoke_with_command(user, unit):
    call_command("grant", user.username, "township_office", unit.code, "--revoke")


def revoke_with_service(user, unit):
    revoke_role(user=user, role="township_office", unit_code=unit.code)


def revoke_in_admin_site(user, unit):
    from django.test import Client

    admin = type(user).objects.create_superuser("root", password=PASSWORD)
    client = Client()
    client.force_login(admin)
    grant = UnitGrant.objects.get(user=user, content_object=unit)
    response = client.post(reverse("admin:accounts_unitgrant_delete", args=[grant.pk]), {"post": "yes"})
    assert response.status_code == 302


def revoke_by_deleting_rows(user, unit):
    UnitGrant.objects.filter(user=user).delete()


@pytest.mark.parametrize(
    "revoke", [revoke_with_command, revoke_with_service, revoke_in_admin_site, revoke_by_deleting_rows]
)
def test_a_revocation_is_seen_by_the_next_request_though_a_cache_still_holds_the_grant(
    township_office, township, revoke
):
    before = next_request_user(township_office)
    assert [g.unit_code for g in grants_of(before)] == [township.code]
    stale_key = _shared_key(before.pk, before.date_joined, grants_version(before))
    assert cache.get(stale_key) is not None

    revoke(township_office, township)

    assert cache.get(stale_key) is not None  # what another process's cache still holds
    after = next_request_user(township_office)
    assert grants_version(after) > grants_version(before)
    assert grants_of(after) == []


def test_a_revoked_township_office_gets_404_on_its_very_next_request(client, township_office, township, household):
    client.force_login(township_office)
    url = reverse("households:detail", args=[household.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # now served from the cache
    revoke_role(user=township_office, role="township_office", unit_code=township.code)
    assert client.get(url).status_code == 404


def test_a_new_grant_is_seen_on_the_next_request(client, checker, household, other_township_village):
    from tests.factories import make_household

    elsewhere = make_household(other_township_village)
    client.force_login(checker)
    url = reverse("households:detail", args=[elsewhere.pk])
    assert client.get(url).status_code == 404
    grant_role(username="checker", role="checker", unit_code=other_township_village.code)
    assert client.get(url).status_code == 200


def test_a_request_reads_cached_grants_without_a_query(township_office, django_assert_num_queries):
    grants_of(next_request_user(township_office))  # warms the cache
    user = next_request_user(township_office)
    with django_assert_num_queries(0):
        assert [g.role for g in grants_of(user)] == ["township_office"]


def test_a_user_without_a_stamp_is_read_from_the_database_every_time(township_office, township):
    from accounts.models import AccessStamp

    AccessStamp.objects.filter(user=township_office).delete()
    assert [g.unit_code for g in grants_of(next_request_user(township_office))] == [township.code]
    UnitGrant.objects.filter(user=township_office).delete()
    assert grants_of(next_request_user(township_office)) == []


def test_a_deactivated_user_is_logged_out_on_the_next_request(client, township_office, household):
    client.force_login(township_office)
    url = reverse("households:detail", args=[household.pk])
    assert client.get(url).status_code == 200
    township_office.is_active = False
    township_office.save(update_fields=["is_active"])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(client, township_office, household):
    from django.test import Client

    other_device = Client()
    other_device.force_login(township_office)
    client.force_login(township_office)
    url = reverse("households:detail", args=[household.pk])
    assert other_device.get(url).status_code == 200

    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Xinmima-2026!", "new_password2": "Xinmima-2026!",
    })
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_changed")

    assert client.get(url).status_code == 200
    response = other_device.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def set_password_on_the_page(user, new):
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.post(reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new})


def set_password_with_grant(user, new):
    call_command("grant", user.username, "township_office", "411322100", "--password", new)


def set_password_in_admin_site(user, new):
    from django.test import Client

    admin = type(user).objects.create_superuser("root", password=PASSWORD)
    client = Client()
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = client.post(url, {"password1": new, "password2": new})
    assert response.status_code == 302


def set_password_in_code(user, new):
    user.set_password(new)
    user.save()


@pytest.mark.parametrize(
    "change", [set_password_on_the_page, set_password_with_grant, set_password_in_admin_site, set_password_in_code]
)
def test_a_password_change_by_any_path_ends_the_api_token(client, township_office, change):
    token = Token.objects.create(user=township_office)
    api = reverse("household-list")
    assert client.get(api, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200

    change(township_office, "Xinmima-2026!")

    township_office.refresh_from_db()
    assert township_office.check_password("Xinmima-2026!")
    assert not Token.objects.filter(user=township_office).exists()
    response = client.get(api, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401
    assert response.json() == {"detail": "API 令牌无效，请重新获取。"}


def test_an_api_token_survives_saves_that_do_not_change_the_password(client, township_office):
    token = Token.objects.create(user=township_office)
    township_office.first_name = "王"
    township_office.save()
    call_command("grant", "township_office", "township_office", "411322100")  # no --password
    response = client.get(reverse("household-list"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
