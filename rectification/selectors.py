from django.db.models import Q

from accounts.roles import Capability
from accounts.scoping import grants_of, scope, scope_codes

from .models import Notification, Problem


def responsible_problems(user):
    """Unresolved problems the user answers for: their department's, or their township's own."""
    condition = Q()
    departments = [g.department_id for g in grants_of(user) if g.department_id]
    if departments:
        condition |= Q(department_id__in=departments)
    for code in scope_codes(user, Capability.RECTIFY):
        if len(code) == 9:
            condition |= Q(unit__code__subtree=code, department__isnull=True)
    if not condition:
        return Problem.objects.none()
    return scope(user, Problem.objects.all(), Capability.RECTIFY).filter(condition).unresolved()


def managed_overdue_count(user) -> int:
    if not scope_codes(user, Capability.MANAGE):
        return 0
    return scope(user, Problem.objects.all(), Capability.MANAGE).overdue().count()


def unread_notifications(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).select_related("problem", "problem__campaign")
