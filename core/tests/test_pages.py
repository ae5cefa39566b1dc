from django.urls import reverse

from tests.factories import PASSWORD


def test_login_page_is_in_chinese_and_logs_in(client, county_office):
    body = client.get(reverse("login")).content.decode()
    assert "登录" in body and "用户名" in body and "密码" in body
    response = client.post(reverse("login"), {"username": "county_office", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_wrong_password_says_so_in_chinese(client, county_office):
    body = client.post(reverse("login"), {"username": "county_office", "password": "nope"}).content.decode()
    assert "用户名或密码不正确" in body


def test_pages_need_login(client, household):
    response = client.get(reverse("households:detail", args=[household.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_home_shows_the_users_units_and_what_they_may_do(client, checker, village):
    client.force_login(checker)
    body = client.get(reverse("home")).content.decode()
    assert village.name in body and "排查人员" in body and "填报排查表" in body
    assert reverse("units:detail", args=[village.code]) in body


def test_home_of_a_department_user_names_the_department(client, department_user):
    client.force_login(department_user)
    body = client.get(reverse("home")).content.decode()
    assert "卫健" in body and "方城县" in body and "整改派给本单位的问题" in body


def test_home_of_a_user_without_roles_says_whom_to_ask(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody"))
    assert "您还没有任何角色" in client.get(reverse("home")).content.decode()


def test_county_page_shows_townships_with_counts(client, county_office, household, other_township_household):
    client.force_login(county_office)
    response = client.get(reverse("units:detail", args=["411322"]))
    counts = {c["unit"].code: (c["villages"], c["households"]) for c in response.context["children"]}
    assert counts == {"411322100": (1, 1), "411322101": (1, 1)}


def test_health_reports_the_database(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json()["database"] == "ok"
