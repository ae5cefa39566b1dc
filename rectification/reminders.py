"""The daily reminder: problems due within 3 days and overdue ones, to whoever must fix them."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone

from accounts.models import DepartmentGrant, UnitGrant
from accounts.roles import Role, unit_permission

from .models import Notification, Problem

DUE_SOON_DAYS = 3
log = logging.getLogger(__name__)


def responsible_users(problems) -> dict[int, set[int]]:
    """problem id -> ids of the users answering for it: the lead's staff (its department's, or the township
    office). Co-responsible units see the problem in their inbox but the deadline is the lead's to keep."""
    department_staff: dict[int, set[int]] = {}
    for user_id, department_id in DepartmentGrant.objects.filter(
        content_object_id__in={p.department_id for p in problems if p.department_id}
    ).values_list("user_id", "content_object_id"):
        department_staff.setdefault(department_id, set()).add(user_id)
    township_staff: dict[str, set[int]] = {}
    for user_id, code in UnitGrant.objects.filter(
        permission__codename=unit_permission(Role.TOWNSHIP_OFFICE),
        content_object_id__in={p.township_code for p in problems if not p.department_id},
    ).values_list("user_id", "content_object_id"):
        township_staff.setdefault(code, set()).add(user_id)
    return {
        p.pk: department_staff.get(p.department_id, set()) if p.department_id else township_staff.get(p.township_code,
                                                                                                      set())
        for p in problems
    }


def send_reminders(today=None) -> int:
    """Create the day's notifications; a notification exists once per user, problem, kind and deadline,
    so running the job twice (or after a crash) sends nothing twice. Returns how many are new."""
    today = today or timezone.localdate()
    problems = Problem.objects.all()
    due = (problems.overdue(today) | problems.due_within(DUE_SOON_DAYS, today)).only(
        "pk", "deadline", "status", "department_id", "unit_id")
    created = 0
    for start in range(0, due.count(), 2000):
        batch = list(due.order_by("pk")[start:start + 2000])
        users = responsible_users(batch)
        wanted = [
            Notification(user_id=user_id, problem_id=p.pk, deadline=p.deadline,
                         kind=Notification.Kind.OVERDUE if p.is_overdue_on(today) else Notification.Kind.DUE_SOON)
            for p in batch for user_id in users[p.pk]
        ]
        existing = set(Notification.objects.filter(problem_id__in=[p.pk for p in batch]).values_list(
            "user_id", "problem_id", "kind", "deadline"))
        new = [n for n in wanted if (n.user_id, n.problem_id, n.kind, n.deadline) not in existing]
        Notification.objects.bulk_create(new, ignore_conflicts=True)
        created += len(new)
    if settings.EMAIL_HOST:
        email_pending()
    return created


def email_pending() -> int:
    """E-mail each user their not-yet-mailed notifications in one message; marked so they go once."""
    sent = 0
    pending = Notification.objects.filter(emailed_at__isnull=True).select_related("problem", "problem__campaign")
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    emails = dict(get_user_model().objects.filter(pk__in=by_user).exclude(email="").values_list("pk", "email"))
    for user_id, notifications in by_user.items():
        if user_id not in emails:
            continue
        lines = [f"{n.get_kind_display()}：{n.problem.display_number} {n.problem.category}（时限 {n.deadline:%Y-%m-%d}）"
                 for n in notifications]
        try:
            send_mail("回头看：整改问题提醒", "\n".join(lines), None, [emails[user_id]])
        except OSError:
            log.exception("reminder e-mail to user %s failed; it will be retried with the next run", user_id)
            continue
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())
        sent += 1
    return sent
