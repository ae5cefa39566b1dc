"""API tokens expire after API_TOKEN_TTL_DAYS (30 by default); an expired one answers 401 in Chinese."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD

EXPIRED = {"detail": "API 令牌已过期，请用用户名和密码重新获取（/api/token/）。"}


def obtain(client, username="township_office"):
    response = client.post(reverse("api-token"), {"username": username, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()["token"]


def households(client, key):
    return client.get(reverse("household-list"), HTTP_AUTHORIZATION=f"Token {key}")


def age(key, days):
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=days))


def test_a_token_works_until_its_thirtieth_day(client, township_office, household):
    key = obtain(client)
    age(key, 29)
    response = households(client, key)
    assert response.status_code == 200
    assert [row["number"] for row in response.json()["results"]] == [household.number]


def test_an_expired_token_answers_401_in_chinese_and_is_deleted(client, township_office):
    key = obtain(client)
    age(key, 31)
    response = households(client, key)
    assert response.status_code == 401
    assert response.json() == EXPIRED
    assert response["WWW-Authenticate"] == "Token"
    assert not Token.objects.filter(key=key).exists()


def test_asking_again_after_expiry_gives_a_new_token(client, township_office):
    key = obtain(client)
    age(key, 31)
    new_key = obtain(client)
    assert new_key != key
    assert households(client, new_key).status_code == 200


def test_asking_again_before_expiry_gives_the_same_token(client, township_office):
    key = obtain(client)
    age(key, 10)
    assert obtain(client) == key


def test_the_lifetime_is_a_setting(client, township_office, settings):
    settings.API_TOKEN_TTL_DAYS = 1
    key = obtain(client)
    age(key, 2)
    assert households(client, key).json() == EXPIRED


def test_an_unknown_token_answers_401_in_chinese(client, township_office):
    response = households(client, "0" * 40)
    assert response.status_code == 401
    assert response.json() == {"detail": "API 令牌无效，请重新获取。"}


def test_a_deactivated_users_token_answers_401(client, township_office):
    key = obtain(client)
    township_office.is_active = False
    township_office.save()
    response = households(client, key)
    assert response.status_code == 401
