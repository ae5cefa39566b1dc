"""A logging filter that keeps personal data out of every log line.

Logs should carry ids only, and the code logs ids; but an exception's text is not ours to
choose: PostgreSQL puts the offending row in DETAIL / CONTEXT lines ("Key (number)=(…)",
"COPY …, column head_name: \"张三\""). The filter rewrites each record once, before any
handler formats it: ID-number- and phone-shaped digit runs are replaced, DETAIL and
CONTEXT lines of database errors are dropped. AuditConfig.ready installs it in the log
record factory, so every record of every logger is scrubbed whatever handlers are set up
later (a Celery worker replaces the root logger's handlers) and settings.LOGGING needs no change.
"""

import logging
import re

# Not the fractional part of a number: Celery's "succeeded in 0.027655687000105901s" is a timing.
ID_NUMBER = re.compile(r"(?<![0-9])(?<![0-9]\.)[0-9]{17}[0-9Xx](?![0-9])")
PHONE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
DB_DETAIL = re.compile(r"^(\s*(DETAIL|CONTEXT|详细|上下文)\s*[:：]).*$", re.MULTILINE)


def scrub(text: str) -> str:
    text = DB_DETAIL.sub(r"\1 [已隐藏]", text)
    text = ID_NUMBER.sub("[身份证号已隐藏]", text)
    return PHONE.sub("[电话已隐藏]", text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_personal_data_scrubbed", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is still logged, as its template only
            message = str(record.msg)
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        record._personal_data_scrubbed = True
        return True


def install() -> None:
    """Scrub each log record as it is made (once: a second call changes nothing)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "scrubs_personal_data", False):
        return
    scrubber = PersonalDataFilter()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        scrubber.filter(record)
        return record

    factory.scrubs_personal_data = True
    logging.setLogRecordFactory(factory)
