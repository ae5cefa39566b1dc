import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.scoping import grants_of
from units.models import Department

User = get_user_model()


def test_grant_creates_the_user_with_a_password_and_the_role(county, capsys):
    call_command("grant", "wang", "county_office", "411322", "--password", "Pa55word!")
    user = User.objects.get(username="wang")
    assert user.check_password("Pa55word!")
    assert user.is_staff
    assert [(g.role, g.unit_code) for g in grants_of(user)] == [("county_office", "411322")]
    assert "已创建用户并授权" in capsys.readouterr().out


def test_grant_without_password_prints_a_generated_one(village, capsys):
    call_command("grant", "li", "checker", village.code)
    out = capsys.readouterr().out
    password = out.split("初始密码：")[1].strip()
    assert User.objects.get(username="li").check_password(password)
    assert not User.objects.get(username="li").is_staff


def test_granting_again_keeps_one_grant_and_adds_new_roles(village, township):
    call_command("grant", "li", "checker", village.code, "--password", "x1y2z3w4")
    call_command("grant", "li", "checker", village.code)
    call_command("grant", "li", "reviewer", township.code)
    user = User.objects.get(username="li")
    assert user.check_password("x1y2z3w4")
    assert sorted((g.role, g.unit_code) for g in grants_of(user)) == [
        ("checker", village.code), ("reviewer", township.code)
    ]


def test_department_role_needs_a_department_and_is_scoped_to_its_county(county):
    with pytest.raises(CommandError, match="必须用 --department"):
        call_command("grant", "zhao", "department", "411322")
    call_command("grant", "zhao", "department", "411322", "--department", "教育")
    dept = Department.objects.get()
    assert (dept.county_id, dept.name) == ("411322", "教体局")  # a short name: the full name the list gives it
    [grant] = grants_of(User.objects.get(username="zhao"))
    assert (grant.role, grant.unit_code, grant.department_id) == ("department", "411322", dept.pk)


@pytest.mark.parametrize(
    "role, code, message",
    [
        ("county_office", "411322100", "县级办公室只能授予县级区划"),
        ("township_office", "411322", "乡镇办公室只能授予乡镇级区划"),
        ("city_office", "411322", "市级办公室只能授予市级区划"),
        ("mayor", "411322", "未知角色 “mayor”"),
        ("checker", "999999999999", "区划代码 999999999999 不存在"),
    ],
)
def test_wrong_role_or_unit_is_refused_and_no_user_is_created(village, role, code, message):
    with pytest.raises(CommandError, match=message):
        call_command("grant", "nobody", role, code)
    assert not User.objects.filter(username="nobody").exists()


def test_chinese_role_name_is_accepted(county):
    call_command("grant", "chen", "县级办公室", "411322", "--password", "Fangcheng-2026")
    assert grants_of(User.objects.get(username="chen"))[0].role == "county_office"


def test_revoke_removes_the_role(county):
    call_command("grant", "wang", "county_office", "411322", "--password", "Fangcheng-2026")
    call_command("grant", "wang", "county_office", "411322", "--revoke")
    assert grants_of(User.objects.get(username="wang")) == []


@pytest.mark.parametrize(
    "password, message",
    [
        ("Short1!", "密码不符合要求，未做任何修改：密码太短，至少需要 8 个字符。"),
        ("12345678", "密码不符合要求，未做任何修改：这个密码太常见了。密码只包含数字。"),
        ("password", "密码不符合要求，未做任何修改：这个密码太常见了。"),
        ("zhaoliu2", "密码不符合要求，未做任何修改：密码跟 用户名 太相似了。"),
    ],
)
def test_a_weak_password_is_refused_in_chinese_and_no_user_is_created(county, password, message):
    with pytest.raises(CommandError) as refused:
        call_command("grant", "zhaoliu", "county_office", "411322", "--password", password)
    assert str(refused.value) == message
    assert not User.objects.filter(username="zhaoliu").exists()


def test_a_weak_password_leaves_an_existing_user_and_their_roles_unchanged(county, township):
    call_command("grant", "wang", "county_office", "411322", "--password", "Pa55word!")
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("grant", "wang", "township_office", township.code, "--password", "123")
    user = User.objects.get(username="wang")
    assert user.check_password("Pa55word!")
    assert [(g.role, g.unit_code) for g in grants_of(user)] == [("county_office", "411322")]
