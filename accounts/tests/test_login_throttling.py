"""django-axes: LOGIN_FAILURE_LIMIT wrong passwords for one username from one address lock
that pair for LOGIN_LOCKOUT_MINUTES, on the login page, the admin login and the API token."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from accounts.lockout import locked_out_message
from tests.factories import PASSWORD

LOCKED = "登录失败次数过多（连续 5 次），该账号在本机已被锁定 30 分钟，请稍后再试；如忘记密码，请联系上级管理员重置。"


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="10.0.0.1"):
    """Wrong passwords: the form again with an error, and the lockout page from the last allowed one."""
    for _ in range(times - 1):
        assert log_in(client, username, "wrong-password", address).status_code == 200
    return log_in(client, username, "wrong-password", address)


def test_the_lockout_message_states_the_configured_limit_and_time():
    assert locked_out_message() == LOCKED


def test_five_wrong_passwords_lock_the_username_on_this_address(client, township_office):
    response = fail(client, "township_office", 5)
    assert response.status_code == 429
    response = log_in(client, "township_office", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_then_the_right_one_logs_in_and_starts_the_count_again(client, township_office):
    assert fail(client, "township_office", 4).status_code == 200
    response = log_in(client, "township_office", PASSWORD)
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_lock_holds_the_username_on_that_address_only(client, township_office, county_office):
    fail(client, "township_office", 5)
    assert log_in(client, "county_office", PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "township_office", PASSWORD, address="10.0.0.2").status_code == 302


def test_the_lock_ends_after_the_lockout_time(client, township_office):
    fail(client, "township_office", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, "township_office", PASSWORD).status_code == 302


def test_the_limit_and_time_are_settings(client, township_office, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=10)
    fail(client, "township_office", 2)
    response = log_in(client, "township_office", PASSWORD)
    assert response.status_code == 429
    assert "连续 2 次" in response.content.decode() and "锁定 10 分钟" in response.content.decode()


def test_admin_login_failures_count_too(client, township_office):
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "township_office", "password": "x"}, REMOTE_ADDR="10.0.0.1")
    assert log_in(client, "township_office", PASSWORD).status_code == 429


def token(client, username, password, address="10.0.0.1"):
    return client.post(reverse("api-token"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_api_token_failures_are_counted_and_lock_the_token_endpoint(client, township_office):
    for _ in range(4):
        response = token(client, "township_office", "wrong-password")
        assert response.status_code == 400
        assert response.json() == {"detail": "用户名或密码不正确。"}
    assert token(client, "township_office", "wrong-password").status_code == 429  # the fifth locks
    response = token(client, "township_office", PASSWORD)
    assert response.status_code == 429
    assert response.json() == {"detail": LOCKED}
    assert log_in(client, "township_office", PASSWORD).status_code == 429  # one count for both doors


@pytest.mark.parametrize("missing", ["username", "password"])
def test_api_token_without_a_field_names_the_field(client, township_office, missing):
    data = {"username": "township_office", "password": PASSWORD}
    del data[missing]
    response = client.post(reverse("api-token"), data)
    assert response.status_code == 400 and list(response.json()) == [missing]


def test_authenticate_called_by_code_without_a_request_is_not_throttled(client, township_office):
    from django.contrib.auth import authenticate

    fail(client, "township_office", 5)
    assert authenticate(username="township_office", password=PASSWORD) == township_office
    assert log_in(client, "township_office", PASSWORD).status_code == 429  # the web door stays locked
