import logging

import pytest

from audit.logscrub import PersonalDataFilter, scrub
from audit.masking import mask_phone


@pytest.mark.parametrize("value, masked", [
    ("13812345678", "138****5678"), ("0377-12345678", "037******5678"), ("12345", "***45"), ("12", "**"), ("", ""),
    (None, ""),
])
def test_a_phone_keeps_only_its_edges(value, masked):
    assert mask_phone(value) == masked


def test_scrub_removes_id_numbers_phones_and_database_row_details():
    text = ('duplicate key value violates unique constraint "households_household_number_key"\n'
            "DETAIL:  Key (number)=(41132210000100001) already exists.\n"
            'CONTEXT:  COPY households_household, line 1, column head_name: "张三"\n'
            "id 11010519491231002X phone 13812345678 household 42")
    assert scrub(text) == ('duplicate key value violates unique constraint "households_household_number_key"\n'
                           "DETAIL: [已隐藏]\nCONTEXT: [已隐藏]\n"
                           "id [身份证号已隐藏] phone [电话已隐藏] household 42")


def test_a_timing_with_eighteen_decimals_is_no_id_number():
    assert scrub("Task x succeeded in 0.027655687000105901s: id 11010519491231002X, .11010519491231002X") == (
        "Task x succeeded in 0.027655687000105901s: id [身份证号已隐藏], .[身份证号已隐藏]")


def test_the_filter_scrubs_messages_arguments_and_tracebacks():
    try:
        raise ValueError("Key (id_number)=(11010519491231002X)")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "row %s phone %s", ("h42", "13812345678"),
                                   sys.exc_info())
    assert PersonalDataFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert "13812345678" not in formatted and "11010519491231002X" not in formatted
    assert "row h42 phone [电话已隐藏]" in formatted and "[身份证号已隐藏]" in formatted


def test_every_record_of_every_logger_is_scrubbed_whatever_its_handler(caplog):
    with caplog.at_level(logging.INFO, logger="households.anything"):
        logging.getLogger("households.anything").info("household %s phone %s id %s", 42, "13812345678",
                                                       "11010519491231002X")
    assert caplog.messages == ["household 42 phone [电话已隐藏] id [身份证号已隐藏]"]
