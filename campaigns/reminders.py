"""Reminders a configurable number of days before a phase closes, to the units the phase concerns.

Who is concerned depends on the kind of phase: during 排查 / 自查自纠 the units and departments that
still have forms to hand in for that phase's link (and the units' township office); during 集中整改 the township offices and
the departments of the campaign's counties; a review or a spot check, the office that does it.
"""

from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import DepartmentGrant, UnitGrant
from accounts.roles import Role, unit_permission
from checklists.models import Submission
from core.mail import send_digests
from units import codes

from .models import Phase, PhaseReminder
from .presets import link_of, phase_kinds_of

K = Phase.Kind

OFFICE_ROLES = {
    K.MOBILIZATION: (Role.COUNTY_OFFICE, Role.TOWNSHIP_OFFICE),
    K.TRAINING: (Role.COUNTY_OFFICE, Role.TOWNSHIP_OFFICE, Role.CHECKER, Role.REVIEWER),
    K.RECTIFICATION: (Role.TOWNSHIP_OFFICE,),
    K.COUNTY_REVIEW: (Role.COUNTY_OFFICE,),
    K.CITY_SPOT_CHECK: (Role.CITY_OFFICE,),
    K.UNANNOUNCED: (Role.COUNTY_OFFICE,),
    K.ACCEPTANCE: (Role.COUNTY_OFFICE, Role.TOWNSHIP_OFFICE),
}
FORM_ROLES = (Role.CHECKER, Role.REVIEWER, Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE)
UNFINISHED = (Submission.Status.NOT_STARTED, Submission.Status.DRAFT, Submission.Status.RETURNED)


def _holders(roles, unit_filter: Q) -> set[int]:
    return set(UnitGrant.objects.filter(unit_filter, permission__codename__in=[unit_permission(r) for r in roles],
                                        user__is_active=True).values_list("user_id", flat=True))


def _work_left(phase: Phase) -> tuple[set[str], set[int]]:
    """Units that still have forms of this phase to hand in, and the townships above them; and the
    departments (县直行业部门) whose own forms are still to hand in (such a form's unit is its county)."""
    templates = [f.template for f in phase.campaign.forms.select_related("template")
                 if phase.kind in phase_kinds_of(f.template) and phase.covers_link(link_of(f.template))]
    rows = set(Submission.objects.filter(campaign=phase.campaign, template__in=templates, status__in=UNFINISHED)
               .values_list("unit_id", "department_id").distinct())
    units = {unit for unit, _ in rows}
    departments = {department for _, department in rows if department}
    return units | {codes.township_code(u) for u in units}, departments  # a county's own form: its own code


def recipients(phase: Phase) -> set[int]:
    """Ids of the users the phase concerns (see the module's docstring)."""
    scope = phase.campaign.scope_unit_id
    units, departments = _work_left(phase)
    users = _holders(FORM_ROLES, Q(content_object_id__in=units)) if units else set()
    if departments:
        users |= set(DepartmentGrant.objects.filter(content_object_id__in=departments, user__is_active=True)
                     .values_list("user_id", flat=True))
    if phase.kind in OFFICE_ROLES:
        in_scope = Q(content_object__code__subtree=scope) | Q(content_object_id__in=codes.ancestor_codes(scope))
        users |= _holders(OFFICE_ROLES[phase.kind], in_scope)
    if phase.kind == K.RECTIFICATION:
        county = Q(content_object__county__code__subtree=scope) | Q(
            content_object__county_id__in=codes.ancestor_codes(scope))
        users |= set(DepartmentGrant.objects.filter(county, user__is_active=True).values_list("user_id", flat=True))
    return users


def closing_soon(today: date):
    """Phases open today whose end is at most their `remind_days` away."""
    return [p for p in Phase.objects.filter(remind_days__gt=0, starts_on__lte=today, ends_on__gte=today)
            .select_related("campaign") if (p.ends_on - today).days <= p.remind_days]


def send_phase_reminders(today: date | None = None) -> int:
    """Create today's reminders; one per user, phase and end date, so a second run (or a retry after a
    crash) adds nothing. Returns how many are new."""
    today = today or timezone.localdate()
    created = 0
    for phase in closing_soon(today):
        users = recipients(phase)
        existing = set(PhaseReminder.objects.filter(phase=phase, ends_on=phase.ends_on).values_list("user_id", flat=True))
        new = [PhaseReminder(user_id=u, phase=phase, ends_on=phase.ends_on) for u in sorted(users - existing)]
        PhaseReminder.objects.bulk_create(new, ignore_conflicts=True)
        created += len(new)
    if settings.EMAIL_HOST:
        email_pending()
    return created


def email_pending() -> int:
    """E-mail each user their not-yet-mailed reminders in one message; marked so they go once."""
    return send_digests(
        PhaseReminder.objects.filter(emailed_at__isnull=True).select_related("phase__campaign"),
        subject="回头看：阶段截止提醒",
        line=lambda r: f"{r.phase.campaign.name}：“{r.phase.label}”将于 {r.ends_on:%Y-%m-%d} 截止",
        mark_sent=lambda rows: PhaseReminder.objects.filter(pk__in=[r.pk for r in rows]).update(
            emailed_at=timezone.now()),
    )


def current_reminders(user, today: date | None = None):
    """The user's reminders of windows not yet closed, newest first."""
    today = today or timezone.localdate()
    return PhaseReminder.objects.filter(user=user, ends_on__gte=today, phase__ends_on__gte=today).select_related(
        "phase__campaign")
