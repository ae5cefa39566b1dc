"""The daily reminder: problems due within 3 days and overdue ones, to whoever must fix them."""

from django.conf import settings
from django.utils import timezone

from accounts.models import DepartmentGrant, UnitGrant
from core.mail import send_digests
from accounts.roles import Role, unit_permission

from .models import Notification, Problem

DUE_SOON_DAYS = 3


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
    return send_digests(
        Notification.objects.filter(emailed_at__isnull=True).select_related("problem", "problem__campaign"),
        subject="回头看：整改问题提醒",
        line=lambda n: (f"{n.get_kind_display()}：{n.problem.display_number} {n.problem.category}"
                        f"（时限 {n.deadline:%Y-%m-%d}）"),
        mark_sent=lambda rows: Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
            emailed_at=timezone.now()),
    )
