import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from households import idnumber
from households.models import Household
from tests.factories import make_household

VALID = "11010519491231002X"  # the standard's own example


def test_checksum_accepts_valid_and_rejects_wrong_check_character():
    assert idnumber.validation_error(VALID) is None
    assert idnumber.validation_error("110105194912310021") == "身份证号码校验位不正确"
    assert idnumber.validation_error("11010519491231002") is not None
    assert idnumber.validation_error("1101051949123100AX") is not None


def test_lower_case_x_is_accepted():
    assert idnumber.validation_error(VALID.lower()) is None


def test_mask_keeps_area_code_and_last_four():
    assert idnumber.mask("411322199001011234") == "411322********1234"


def test_stored_row_does_not_contain_the_number(village):
    household = Household(village=village, number="1", head_name="王", kind="poverty_exited", members=1,
                          members_able_to_work=0)
    household.set_id_number(VALID)
    household.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM households_household WHERE id = %s", [household.pk])
        row = " ".join(str(v) for v in cursor.fetchone())
    assert VALID not in row and VALID[6:14] not in row
    assert idnumber.decrypt(household.id_number_cipher) == VALID
    assert household.id_number_masked == "110105********002X"


def test_invalid_number_is_refused_with_a_chinese_message(village):
    with pytest.raises(ValidationError, match="校验位"):
        Household(village=village).set_id_number("110105194912310021")


def test_same_number_twice_is_refused_by_the_database(village):
    first = make_household(village)
    second = make_household(village)
    second.id_number_hash = first.id_number_hash
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def with_birth(birth: str) -> str:
    first17 = f"110105{birth}002"
    return first17 + idnumber.check_char(first17)


def test_a_birth_date_must_be_a_real_day_between_1900_and_today():
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    assert idnumber.validation_error(with_birth("19000101")) is None
    assert idnumber.validation_error(with_birth(f"{today:%Y%m%d}")) is None
    assert idnumber.validation_error(with_birth("18991231")) == "身份证号码中的出生日期早于 1900 年"
    assert idnumber.validation_error(with_birth(f"{today + timedelta(days=1):%Y%m%d}")) == "身份证号码中的出生日期晚于今天"
    assert idnumber.validation_error(with_birth("20990101")) == "身份证号码中的出生日期晚于今天"
    for impossible in ("19990231", "19990229", "19991301", "19990100"):
        assert idnumber.validation_error(with_birth(impossible)) == "身份证号码中的出生日期不是有效日期"
    assert idnumber.validation_error(with_birth("20000229")) is None
