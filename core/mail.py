"""One e-mail per user for the reminders a job created: the digest both reminder jobs send."""

import logging
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.core.mail import send_mail

log = logging.getLogger(__name__)


def send_digests(pending: Iterable, *, subject: str, line: Callable[[object], str],
                 mark_sent: Callable[[list], None]) -> int:
    """E-mail each user their pending rows (each with a `user_id`) in one message; `mark_sent` records the
    rows of a message that went, so they go once. A failed send is logged (no address, no content) and
    left pending for the next run. Returns how many messages were sent."""
    by_user: dict[int, list] = {}
    for row in pending:
        by_user.setdefault(row.user_id, []).append(row)
    emails = dict(get_user_model().objects.filter(pk__in=by_user).exclude(email="").values_list("pk", "email"))
    sent = 0
    for user_id, rows in by_user.items():
        if user_id not in emails:
            continue
        try:
            send_mail(subject, "\n".join(line(row) for row in rows), None, [emails[user_id]])
        except OSError:
            log.exception("reminder e-mail to user %s failed; it will be retried with the next run", user_id)
            continue
        mark_sent(rows)
        sent += 1
    return sent
