import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from households import idnumber
from households.models import Household
from tests.factories import make_unit


@pytest.fixture
def small_county(db):
    for code in ["411322100001", "411322100002", "411322101001"]:
        make_unit(code)
    return "411322"


def snapshot():
    return list(Household.objects.order_by("number").values_list("number", "head_name", "id_number_hash", "kind"))


def test_seed_demo_is_deterministic_and_safe_to_repeat(small_county, capsys):
    call_command("seed_demo", "--county", small_county, "--households-per-village", "5", "--seed", "7")
    first = snapshot()
    assert len(first) == 15
    call_command("seed_demo", "--county", small_county, "--households-per-village", "5", "--seed", "7")
    assert snapshot() == first
    assert "新增农户 0 户" in capsys.readouterr().out

    Household.objects.all().delete()
    call_command("seed_demo", "--county", small_county, "--households-per-village", "5", "--seed", "7")
    assert snapshot() == first


def test_seed_demo_households_are_realistic(small_county):
    call_command("seed_demo", "--county", small_county, "--households-per-village", "20", "--seed", "3",
                 "--no-accounts")
    for h in Household.objects.all():
        assert idnumber.validation_error(idnumber.decrypt(h.id_number_cipher)) is None
        assert h.id_number_masked.startswith("411322")
        assert 2 <= len(h.head_name) <= 3 and all("\u4e00" <= c <= "\u9fff" for c in h.head_name)
        assert h.members_able_to_work <= h.members
    assert Household.objects.values("kind").distinct().count() >= 3


def test_seed_demo_creates_demo_accounts_that_can_log_in(small_county, client):
    call_command("seed_demo", "--county", small_county, "--households-per-village", "1")
    county = get_user_model().objects.get(username="county")
    assert county.check_password("huitoukan2026")
    assert client.login(username="checker", password="huitoukan2026")


def test_seed_demo_refuses_a_county_that_was_not_loaded(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="未导入"):
        call_command("seed_demo", "--county", "411322")
