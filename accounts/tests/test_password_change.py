"""The password change page: linked from the user menu, Django's validators, Chinese messages."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

URL = reverse("accounts:password_change")


def change(client, old, new, again=None):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": again or new})


def test_the_user_menu_links_to_the_page(client, checker):
    client.force_login(checker)
    page = client.get(reverse("home")).content.decode()
    assert f'<a href="{URL}">修改密码</a>' in page
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    for label in ("旧密码", "新密码", "新密码确认", "密码至少包含 8 个字符。", "修改密码后，您的 API 令牌立即失效，其他设备上的登录也会退出。"):
        assert label in body, label


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "new, again, error",
    [
        ("Abc-12", None, "密码太短，至少需要 8 个字符。"),
        ("12345678", None, "这个密码太常见了。"),
        ("98765432109", None, "密码只包含数字。"),
        ("checker-1", None, "密码跟 用户名 太相似了。"),
        ("Xinmima-2026!", "Xinmima-2027!", "输入的两个密码不一致。"),
    ],
)
def test_a_weak_or_mistyped_password_is_refused_in_chinese(client, checker, new, again, error):
    client.force_login(checker)
    response = change(client, PASSWORD, new, again)
    assert response.status_code == 200
    assert error in response.content.decode()
    checker.refresh_from_db()
    assert checker.check_password(PASSWORD)


def test_a_wrong_old_password_is_refused(client, checker):
    client.force_login(checker)
    response = change(client, "not-my-password", "Xinmima-2026!")
    assert "你的旧密码不正确。请重新输入。" in response.content.decode()
    checker.refresh_from_db()
    assert checker.check_password(PASSWORD)


def test_a_good_password_is_set_and_confirmed(client, checker):
    client.force_login(checker)
    response = change(client, PASSWORD, "Xinmima-2026!")
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "新密码已生效。其他设备上的登录已退出，原有的 API 令牌已失效。" in done
    checker.refresh_from_db()
    assert checker.check_password("Xinmima-2026!")
