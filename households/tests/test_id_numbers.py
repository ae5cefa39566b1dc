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
