"""Each role's work on the home page: what to do next, with counts and links (in Chinese).

Read only through the apps' selectors, each scoped by the user: a section lists what this user
may see and act on, nothing else. A user with several roles sees the sections of each, once.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accountability.models import AccountabilityCase
from accountability.selectors import cases_for
from accounts.roles import Capability, Role
from accounts.scoping import department_ids, grants_of, holds
from campaigns.selectors import campaigns_for
from checklists.access import submissions_for
from checklists.models import Submission
from households.access import may_import
from rectification.models import Problem
from rectification import selectors as ledger
from rectification.selectors import problems_for, responsible_problems
from spotchecks.models import Inspection
from spotchecks.selectors import assigned_inspections, spot_checks_for
from units.departments import departments_of
from unitpages.selectors import top_units_for
from visits.selectors import Month, helped_households, month_status

ROWS = 10  # rows listed per section; the count says how many there are


@login_required
def home(request):
    user = request.user
    mine = ledger.responsible_problems(user).select_related("unit", "campaign").order_by("deadline", "pk")
    return render(request, "core/home.html", {
        "sections": sections_for(user),
        "grants": grants_of(user), "top_units": top_units_for(user),
        "overdue": [p for p in mine.overdue()[:20]],
        "due_soon": [p for p in mine.due_within(3)[:20]],
        "open_count": mine.count(),
        "managed_overdue": ledger.managed_overdue_count(user),
        "notifications": ledger.unread_notifications(user)[:20],
        "may_import": may_import(user),
    })


@login_required
def next_household(request):
    """下一户: the next unfinished form of the user's list after the one just saved (`after`)."""
    after = submissions_for(request.user, Capability.FILL).filter(pk=request.GET.get("after") or 0).first() \
        if (request.GET.get("after") or "").isdigit() else None
    following = next_to_fill(request.user, after)
    if following is None:
        messages.success(request, "本村的排查表都已填报，没有下一户了")
        return redirect("home")
    return redirect("checklists:submission", following.pk)


@dataclass(frozen=True)
class Row:
    text: str
    url: str
    note: str = ""
    review: Submission | None = None  # a form waiting for this reviewer: the row approves or returns it in place


@dataclass(frozen=True)
class Section:
    title: str
    count: int
    rows: list[Row] = field(default_factory=list)
    more_url: str = ""
    more_text: str = ""
    show_count: bool = True  # False when the title already says the numbers


def sections_for(user, today=None) -> list[Section]:
    today = today or timezone.localdate()
    roles = {g.role for g in grants_of(user)}
    sections: list[Section] = []
    if Role.CHECKER in roles:
        sections += checker_sections(user)
    if Role.REVIEWER in roles:
        sections.append(review_queue(user))
    if Role.TOWNSHIP_OFFICE in roles:
        sections += township_sections(user, today)
    if Role.DEPARTMENT in roles:
        sections += department_sections(user, today)
    if roles & {Role.COUNTY_OFFICE, Role.CITY_OFFICE}:
        sections += office_sections(user, today)
    if Role.HELPER in roles:
        sections.append(helper_section(user, today))
    inspections = assigned_inspections(user, today)
    if inspections.exists():
        sections.append(inspector_section(inspections))
    return [s for s in sections if s is not None]


def _form_row(s: Submission, note: str = "", *, review: bool = False) -> Row:
    form = f"{s.template.get_level_display()}级排查表"
    subject = str(s.household) if s.household_id else (f"{s.department.name} · {form}" if s.department_id else form)
    key = " · 重点户" if s.is_key else ""
    return Row(f"{subject} · {s.unit.name}{key}", reverse("checklists:submission", args=[s.pk]), note,
               s if review else None)


def _forms(user, capability, *statuses):
    return submissions_for(user, capability).filter(status__in=statuses) \
        .select_related("unit", "household", "department", "template")


def to_fill(user):
    """The checker's forms still to fill: key households first, then by village and household number."""
    return _forms(user, Capability.FILL, Submission.Status.NOT_STARTED) \
        .order_by("-is_key", "unit_id", "household__number", "pk")


def next_to_fill(user, after: Submission | None = None) -> Submission | None:
    """下一户: the first unfinished form of the user's list (not the one just saved)."""
    rows = to_fill(user) | _forms(user, Capability.FILL, Submission.Status.DRAFT, Submission.Status.RETURNED)
    rows = rows.order_by("-is_key", "unit_id", "household__number", "pk")
    if after is not None:
        rows = rows.exclude(pk=after.pk).filter(campaign_id=after.campaign_id, household__isnull=after.household_id is None)
    return rows.first()


def checker_sections(user) -> list[Section]:
    pending = to_fill(user)
    drafts = _forms(user, Capability.FILL, Submission.Status.DRAFT).order_by("-updated_at", "pk")
    returned = _forms(user, Capability.FILL, Submission.Status.RETURNED).order_by("-reviewed_at", "pk")
    return [
        Section("被退回的排查表", returned.count(),
                [_form_row(s, f"退回原因：{s.return_reason}") for s in returned[:ROWS]]),
        Section("待填报（重点户在前）", pending.count(), [_form_row(s) for s in pending[:ROWS]]),
        Section("草稿（尚未提交）", drafts.count(), [_form_row(s) for s in drafts[:ROWS]]),
    ]


def review_queue(user) -> Section:
    waiting = _forms(user, Capability.REVIEW, Submission.Status.SUBMITTED).order_by("submitted_at", "pk")
    return Section("待我审核签字（先交先审）", waiting.count(),
                   [_form_row(s, f"提交于 {timezone.localtime(s.submitted_at):%m-%d %H:%M}" if s.submitted_at else "", review=True)
                    for s in waiting[:ROWS]])


def _problem_row(p: Problem, today, *, extension: bool = False) -> Row:
    late = p.deadline and p.deadline < today
    note = f"{'已逾期 · ' if late else ''}时限 {p.deadline:%Y-%m-%d}" if p.deadline else "未设时限"
    if p.status == Problem.Status.RECTIFIED:  # still overdue until 销号, but waiting for the county, not the unit
        note = f"已整改待销号 · {note}"
    elif extension:
        note += " · 可在问题页申请延期"
    return Row(f"{p.display_number} {p.unit.name} · {p.category}", reverse("rectification:detail", args=[p.pk]), note)


def township_sections(user, today) -> list[Section]:
    returned = _forms(user, Capability.REVIEW, Submission.Status.RETURNED).order_by("-reviewed_at", "pk")
    due = responsible_problems(user).filter(deadline__lte=today + timedelta(days=7)) \
        .select_related("unit").order_by("deadline", "pk")
    forms = submissions_for(user, Capability.REVIEW)
    done = forms.filter(status=Submission.Status.APPROVED).count()
    total = forms.count()
    progress = Section(f"辖区排查进度：已审核 {done} / {total} 份", total, [], reverse("campaigns:list"), "按村查看进度",
                       show_count=False)
    return [
        progress,
        Section("辖区被退回的排查表", returned.count(),
                [_form_row(s, f"退回原因：{s.return_reason}") for s in returned[:ROWS]]),
        Section("本乡镇负责、本周到期（含已逾期）的问题", due.count(), [_problem_row(p, today) for p in due[:ROWS]],
                reverse("rectification:ledger") + "?overdue=true", "查看逾期问题"),
    ]


def department_sections(user, today) -> list[Section]:
    mine = responsible_problems(user).select_related("unit").annotate(
        late=Case(When(deadline__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("late", "deadline", "pk")
    forms = submissions_for(user, Capability.FILL_FOR_DEPARTMENT).filter(department_id__in=department_ids(user)) \
        .exclude(status=Submission.Status.APPROVED).select_related("unit", "household", "department", "template") \
        .order_by("pk")
    return [
        Section("本单位待整改的问题（逾期在前）", mine.count(), [_problem_row(p, today, extension=True) for p in mine[:ROWS]],
                reverse("rectification:ledger"), "查看全部问题"),
        Section("本单位要填报的排查表", forms.count(), [_form_row(s, s.get_status_display()) for s in forms[:ROWS]]),
    ]


def office_sections(user, today) -> list[Section]:
    managed = problems_for(user, Capability.MANAGE)
    verify = managed.filter(status=Problem.Status.RECTIFIED).count()
    checks = list(spot_checks_for(user).select_related("campaign").order_by("-pk")[:ROWS])
    check_rows = []
    for check in checks:
        inspections = Inspection.objects.filter(spot_check=check)
        done = inspections.filter(status=Inspection.Status.SUBMITTED).count()
        check_rows.append(Row(str(check), reverse("spotchecks:detail", args=[check.pk]),
                              f"检查人员已完成 {done} / {inspections.count()}"))
    top = next((g.unit_code for g in grants_of(user) if g.role in (Role.COUNTY_OFFICE, Role.CITY_OFFICE)), "")
    campaigns = list(campaigns_for(user).order_by("-pk")[:ROWS]) if top else []
    sections = [
        Section("数据看板", len(campaigns), [Row(c.name, reverse("dashboards:unit", args=[c.pk, top])) for c in campaigns]),
        Section("待核验销号的问题", verify, [], reverse("rectification:ledger") + "?status=rectified", "去核验"),
        Section("抽查与检查进度", len(check_rows), check_rows),
    ]
    for g in grants_of(user):
        if g.role == Role.COUNTY_OFFICE:
            sections.append(Section(f"{g.unit_name}责任单位名单", departments_of(g.unit_code).count(), [],
                                    reverse("units:departments", args=[g.unit_code]), "添加、改名、合并部门"))
    if holds(user, Capability.HOLD_ACCOUNTABLE):
        drafts = cases_for(user).filter(status=AccountabilityCase.Status.DRAFT).order_by("pk")
        sections.append(Section("待确认的问责案件", drafts.count(),
                                [Row(str(c), reverse("accountability:detail", args=[c.pk])) for c in drafts[:ROWS]],
                                reverse("accountability:list"), "查看全部问责案件"))
    return sections


def inspector_section(inspections) -> Section:
    todo = inspections.exclude(status=Inspection.Status.SUBMITTED).order_by("unit_id", "pk")
    return Section("我的抽查任务", todo.count(),
                   [Row(f"{i.household or i.unit.name} · {i.unit.name}", reverse("spotchecks:inspection", args=[i.pk]),
                        i.get_status_display()) for i in todo[:ROWS]],
                   reverse("spotchecks:mine"), "全部抽查任务")


def helper_section(user, today) -> Section:
    """The helper's households not yet visited this month (a helper has a handful), each opening the check-in."""
    visited = month_status(user, Month.parse(None, today))
    todo = [h for h in helped_households(user).order_by("village_id", "number") if not visited.get(h.pk)]
    return Section("本月未走访的帮扶户", len(todo),
                   [Row(f"{h.head_name}（{h.number}） · {h.village.name}", reverse("visits:record", args=[h.pk]),
                        "入户走访签到") for h in todo[:ROWS]],
                   reverse("visits:mine"), "我的帮扶户")
