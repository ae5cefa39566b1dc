"""The daily reminder: problems due within 3 days and overdue ones, to whoever must fix them."""

from django.conf import settings
from django.utils import timezone

from accounts.models import DepartmentGrant, UnitGrant
from core.mail import send_digests

from . import selectors
from .models import Measure, Notification, Problem

DUE_SOON_DAYS = 3
BATCH = 2000


def unit_staff(problems) -> dict[int, set[int]]:
    """problem id -> ids of the staff of the unit answering for it: the lead's (its department's, or the
    township office). Co-responsible units see the problem in their inbox but the deadline is the lead's."""
    department_staff: dict[int, set[int]] = {}
    for user_id, department_id in DepartmentGrant.objects.filter(
        content_object_id__in={p.department_id for p in problems if p.department_id}
    ).values_list("user_id", "content_object_id"):
        department_staff.setdefault(department_id, set()).add(user_id)
    township_staff: dict[str, set[int]] = {}
    for user_id, code in UnitGrant.objects.filter(
        permission__codename__in=selectors.TOWNSHIP_RECTIFY_PERMISSIONS,
        content_object_id__in={p.township_code for p in problems if not p.department_id},
    ).values_list("user_id", "content_object_id"):
        township_staff.setdefault(code, set()).add(user_id)
    return {
        p.pk: department_staff.get(p.department_id, set()) if p.department_id else township_staff.get(p.township_code,
                                                                                                      set())
        for p in problems
    }


def _problem_reminders(today) -> list[Notification]:
    """Due and overdue problems: to the lead unit's staff and to the problem's named person."""
    problems = Problem.objects.all()
    due = (problems.overdue(today) | problems.due_within(DUE_SOON_DAYS, today)).only(
        "pk", "deadline", "status", "department_id", "unit_id", "responsible_user_id").order_by("pk")
    wanted = []
    for batch in _batches(due):
        staff = unit_staff(batch)
        for p in batch:
            kind = Notification.Kind.OVERDUE if p.is_overdue_on(today) else Notification.Kind.DUE_SOON
            for user_id in staff[p.pk] | ({p.responsible_user_id} if p.responsible_user_id else set()):
                wanted.append(Notification(user_id=user_id, problem_id=p.pk, kind=kind, deadline=p.deadline))
    return wanted


def _measure_reminders(today) -> list[Notification]:
    """Due and overdue measures: to the measure's named person and to the lead unit's staff."""
    measures = Measure.objects.all()
    due = (measures.overdue(today) | measures.due_within(DUE_SOON_DAYS, today)).select_related("problem").only(
        "pk", "deadline", "responsible_user_id", "problem__department_id", "problem__unit_id",
        "problem__status").order_by("pk")
    wanted = []
    for batch in _batches(due):
        staff = unit_staff([m.problem for m in batch])
        for m in batch:
            kind = Notification.Kind.OVERDUE if m.is_overdue_on(today) else Notification.Kind.DUE_SOON
            for user_id in staff[m.problem_id] | ({m.responsible_user_id} if m.responsible_user_id else set()):
                wanted.append(Notification(user_id=user_id, problem_id=m.problem_id, measure_id=m.pk, kind=kind,
                                           deadline=m.deadline))
    return wanted


def _batches(queryset):
    for start in range(0, queryset.count(), BATCH):
        yield list(queryset[start:start + BATCH])


def send_reminders(today=None) -> int:
    """Create the day's notifications; a notification exists once per user, problem (or measure), kind and
    deadline, so running the job twice (or after a crash) sends nothing twice. Returns how many are new."""
    today = today or timezone.localdate()
    created = 0
    for wanted in (_problem_reminders(today), _measure_reminders(today)):
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start:start + BATCH]
            existing = set(Notification.objects.filter(problem_id__in={n.problem_id for n in chunk}).values_list(
                "user_id", "problem_id", "measure_id", "kind", "deadline"))
            new = [n for n in chunk if (n.user_id, n.problem_id, n.measure_id, n.kind, n.deadline) not in existing]
            Notification.objects.bulk_create(new, ignore_conflicts=True)
            created += len(new)
    if settings.EMAIL_HOST:
        email_pending()
    return created


def email_pending() -> int:
    """E-mail each user their not-yet-mailed notifications in one message; marked so they go once."""
    return send_digests(
        Notification.objects.filter(emailed_at__isnull=True).select_related("problem", "problem__campaign", "measure"),
        subject="回头看：整改问题提醒",
        line=lambda n: (f"{n.get_kind_display()}：{n.subject}（时限 {n.deadline:%Y-%m-%d}）"),
        mark_sent=lambda rows: Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
            emailed_at=timezone.now()),
    )
