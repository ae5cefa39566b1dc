from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from units import codes


# Deadline for ordering: problems without one sort last. Shared by the index and the ledger view.
DEADLINE_KEY = Coalesce("deadline", Value(date(9999, 12, 31)), output_field=models.DateField())


class ProblemQuerySet(models.QuerySet):
    def unresolved(self):
        return self.exclude(status__in=Problem.RESOLVED)

    def overdue(self, today=None):
        """The one definition of 逾期: unresolved and past its deadline (the ledger, reminders, dashboards)."""
        return self.filter(overdue_condition(today))

    def not_overdue(self, today=None):
        return self.exclude(overdue_condition(today))

    def due_within(self, days: int, today=None):
        today = today or timezone.localdate()
        return self.unresolved().filter(deadline__gte=today, deadline__lte=today + timezone.timedelta(days=days))


def overdue_condition(today=None) -> Q:
    """The condition behind ProblemQuerySet.overdue(), for annotations (overdue first)."""
    today = today or timezone.localdate()
    return Q(deadline__lt=today) & ~Q(status__in=Problem.RESOLVED)


class Problem(models.Model):
    """One ledger entry (问题台账): a gap found, to be rectified and closed (销号)."""

    class Source(models.TextChoices):
        SELF_CHECK = "self_check", "入户/村级排查"
        UNANNOUNCED = "unannounced", "暗访"
        PUBLIC_REPORT = "public_report", "群众举报"
        COUNTY_RECHECK = "county_recheck", "县级复核"
        CITY_SPOT_CHECK = "city_spot_check", "市级抽查"
        FINDING = "finding", "乡县自查发现"
        CARRY_OVER = "carry_over", "上期结转"

    class Status(models.TextChoices):
        OPEN = "open", "待整改"
        RECTIFYING = "rectifying", "整改中"
        RECTIFIED = "rectified", "已整改待销号"
        CLOSED = "closed", "已销号"
        WITHDRAWN = "withdrawn", "已撤销"

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", "立行立改"
        DEADLINE = "deadline", "限期整改"

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="专项行动", on_delete=models.PROTECT,
                                 related_name="problems")
    number = models.PositiveIntegerField("编号")
    unit = models.ForeignKey("units.AdminUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "households.Household", verbose_name="农户", null=True, blank=True, on_delete=models.PROTECT,
        related_name="problems",
    )
    submission = models.ForeignKey(
        "checklists.Submission", null=True, blank=True, on_delete=models.PROTECT, related_name="problems"
    )
    inspection = models.ForeignKey(
        "spotchecks.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="problems"
    )
    question_key = models.CharField("问题项", max_length=60, blank=True)
    question_text = models.TextField("排查内容", blank=True)
    category = models.CharField("问题类别", max_length=100)
    description = models.TextField("问题描述")
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发现人", on_delete=models.PROTECT,
                                 related_name="+")
    found_at = models.DateTimeField("发现时间")
    # 群众举报: the reporter's contact is kept encrypted and shown only to the county office and above.
    reporter_contact_cipher = models.TextField(blank=True, editable=False)

    # The lead unit (牵头单位), who answers for 销号; none means the problem's township leads.
    department = models.ForeignKey(
        "units.Department", verbose_name="牵头责任单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="problems", help_text="空表示由所在乡镇负责",
    )
    co_departments = models.ManyToManyField(
        "units.Department", verbose_name="配合单位", through="ProblemCoDepartment", blank=True,
        related_name="co_problems",
    )
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="责任人账号", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    mode = models.CharField("整改方式", max_length=10, choices=Mode.choices, default=Mode.DEADLINE)
    deadline = models.DateField("整改时限", null=True, blank=True)

    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.OPEN)
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="整改人")
    rectified_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    evidence_text = models.TextField("整改情况说明", blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="销号人")
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    carried_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="carried_into", verbose_name="结转自")

    objects = ProblemQuerySet.as_manager()

    RESOLVED = (Status.CLOSED, Status.WITHDRAWN)
    SCOPE_FIELD = "unit__code"
    DEPARTMENT_FIELD = "department_id"

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题台账"
        ordering = ["campaign", "number"]
        indexes = [
            models.Index(fields=["campaign", "unit", "status"], name="problem_campaign_unit"),
            models.Index(fields=["department", "status"], name="problem_department_status"),
            models.Index(fields=["status", "deadline"], name="problem_status_deadline"),
            # the ledger's "by deadline" order (no deadline last) with its keyset tie-breaker
            models.Index(F("campaign"), DEADLINE_KEY, F("id"), name="problem_deadline_order"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="problem_number_per_campaign"),
            models.UniqueConstraint(
                fields=["submission", "question_key"], condition=Q(submission__isnull=False),
                name="problem_once_per_question",
            ),
            models.UniqueConstraint(
                fields=["inspection", "question_key"], condition=Q(inspection__isnull=False),
                name="problem_once_per_inspected_question",
            ),
            models.CheckConstraint(
                condition=Q(mode="immediate") | Q(deadline__isnull=False) | Q(status__in=["open", "withdrawn"]),
                name="problem_deadline_mode_needs_a_date_once_assigned",
            ),
        ]

    def __str__(self):
        return f"{self.display_number} {self.category}"

    def get_absolute_url(self):
        return reverse("rectification:detail", args=[self.pk])

    @property
    def display_number(self) -> str:
        return f"{self.campaign.year}-{self.campaign_id}-{self.number:06d}"

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, today: date) -> bool:
        """One row's reading of ProblemQuerySet.overdue(), for rows already loaded."""
        return self.deadline is not None and self.status not in self.RESOLVED and self.deadline < today

    @property
    def township_code(self) -> str:
        return codes.township_code(self.unit_id) if codes.is_at_or_below(self.unit_id, codes.TOWNSHIP) else ""

    @property
    def county_code(self) -> str:
        """The county whose departments this problem may be routed to; none above county level."""
        return codes.county_code(self.unit_id) if codes.is_at_or_below(self.unit_id, codes.COUNTY) else ""

    @property
    def lead_label(self) -> str:
        return self.department.name if self.department_id else "所在乡镇（街道）"

    @property
    def co_labels(self) -> list[str]:
        """Names of the co-responsible units; reads the prefetched co_departments when there are any."""
        return [d.name for d in self.co_departments.all()]

    @property
    def responsible_label(self) -> str:
        """牵头 and 配合 units in one line, as the ledger prints them."""
        co = self.co_labels
        return f"{self.lead_label}（牵头）；配合：{'、'.join(co)}" if co else self.lead_label

    @property
    def responsible_name(self) -> str:
        """The named person (谁整改、谁负责): the typed name, else the account's name."""
        return self.responsible_person or _person_name(self.responsible_user)

    def unfinished_measures(self) -> list["Measure"]:
        return [m for m in self.measures.all() if m.done_at is None]

    def close_blockers(self) -> list[str]:
        """What still stands in the way of 销号 besides the verifier's opinion: every measure done, the evidence."""
        blockers = []
        unfinished = self.unfinished_measures()
        if unfinished:
            blockers.append(f"还有 {len(unfinished)} 项整改措施未完成（"
                            + "、".join(f"措施{m.position}" for m in unfinished) + "）")
        if not self.evidence_text.strip():
            blockers.append("缺少整改情况说明（佐证）")
        return blockers


def _person_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def measure_overdue_condition(today=None) -> Q:
    today = today or timezone.localdate()
    return Q(done_at__isnull=True, deadline__lt=today) & ~Q(problem__status__in=Problem.RESOLVED)


class MeasureQuerySet(models.QuerySet):
    def pending(self):
        """Not done, of a problem still to be resolved."""
        return self.filter(done_at__isnull=True).exclude(problem__status__in=Problem.RESOLVED)

    def overdue(self, today=None):
        """A measure's 逾期, beside ProblemQuerySet.overdue(): not done, past its deadline, problem unresolved."""
        return self.filter(measure_overdue_condition(today))

    def due_within(self, days: int, today=None):
        today = today or timezone.localdate()
        return self.pending().filter(deadline__gte=today, deadline__lte=today + timezone.timedelta(days=days))


class Measure(models.Model):
    """整改措施 (补课清单): one step of a problem's fix, with its own person, deadline and evidence."""

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveSmallIntegerField("序号")
    content = models.TextField("措施内容")
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="责任人账号", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField("完成时限", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="完成登记人", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    result = models.TextField("完成情况", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制定人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("制定时间", auto_now_add=True)

    objects = MeasureQuerySet.as_manager()

    SCOPE_FIELD = "problem__unit__code"
    DEPARTMENT_FIELD = "problem__department_id"

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["problem", "position"]
        constraints = [
            models.UniqueConstraint(fields=["problem", "position"], name="measure_position_per_problem"),
        ]
        indexes = [
            models.Index(fields=["responsible_user", "done_at"], name="measure_person_done"),
            models.Index(fields=["done_at", "deadline"], name="measure_done_deadline"),
        ]

    def __str__(self):
        return f"措施{self.position}：{self.content[:30]}"

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def responsible_name(self) -> str:
        return self.responsible_person or _person_name(self.responsible_user)

    def is_overdue_on(self, today: date) -> bool:
        """One row's reading of MeasureQuerySet.overdue(), for rows already loaded with their problem."""
        return (self.deadline is not None and self.done_at is None and self.deadline < today
                and self.problem.status not in Problem.RESOLVED)

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


class ProblemCoDepartment(models.Model):
    """A co-responsible unit (配合单位) of a problem: sees it, adds notes and evidence, does not mark it fixed."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="co_links")
    department = models.ForeignKey("units.Department", verbose_name="配合单位", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "配合单位"
        verbose_name_plural = "配合单位"
        constraints = [
            models.UniqueConstraint(fields=["problem", "department"], name="co_department_once_per_problem"),
        ]
        indexes = [models.Index(fields=["department", "problem"], name="co_department_problem")]

    def __str__(self):
        return self.department.name


class ExtensionRequest(models.Model):
    """申请延期: the lead unit asks for a later deadline; the county office grants or refuses it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        GRANTED = "granted", "已同意"
        REFUSED = "refused", "已驳回"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="extension_requests")
    current_deadline = models.DateField("原整改时限")
    proposed_deadline = models.DateField("申请延至")
    reason = models.TextField("延期理由")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["problem"], condition=Q(status="pending"),
                                    name="one_pending_extension_per_problem"),
        ]

    def __str__(self):
        return f"{self.problem_id} 申请延至 {self.proposed_deadline:%Y-%m-%d}"


class ProblemEvent(models.Model):
    """Every transition and change of a problem: who, when, what, why."""

    class Action(models.TextChoices):
        CREATE = "create", "登记"
        ASSIGN = "assign", "交办"
        START = "start", "开始整改"
        RECTIFY = "rectify", "整改完成"
        CLOSE = "close", "销号"
        SEND_BACK = "send_back", "退回重改"
        REOPEN = "reopen", "重新打开"
        WITHDRAW = "withdraw", "撤销"
        CARRY_OVER = "carry_over", "结转"
        UPDATE = "update", "更新"
        NOTE = "note", "配合说明"
        ASK_EXTENSION = "ask_extend", "申请延期"
        GRANT_EXTENSION = "grant_extend", "同意延期"
        REFUSE_EXTENSION = "refuse_extend", "驳回延期"
        MEASURE_ADD = "measure_add", "新增整改措施"
        MEASURE_UPDATE = "measure_update", "修改整改措施"
        MEASURE_DONE = "measure_done", "整改措施完成"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=14, choices=Action.choices)
    from_status = models.CharField(max_length=12, choices=Problem.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Problem.Status.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Evidence(models.Model):
    """A photo or document proving a fix; served only through the access gate."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="evidence")
    # the measure this file proves done; none for the problem's own evidence (整改情况, 配合说明)
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    SCOPE_FIELD = "problem__unit__code"
    DEPARTMENT_FIELD = "problem__department_id"

    class Meta:
        ordering = ["uploaded_at", "pk"]


class Notification(models.Model):
    """An in-app reminder of a problem or of one of its measures; unique per user, problem (or measure),
    kind and deadline so no job sends it twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "3 天内到期"
        OVERDUE = "overdue", "已逾期"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="notifications")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "problem", "kind", "deadline"], condition=Q(measure__isnull=True),
                                    name="notification_once"),
            models.UniqueConstraint(fields=["user", "measure", "kind", "deadline"],
                                    condition=Q(measure__isnull=False), name="measure_notification_once"),
        ]

    @property
    def subject(self) -> str:
        """What the reminder is about, in one line (reads the problem and measure loaded with it)."""
        text = f"{self.problem.display_number} {self.problem.category}"
        return f"{text} 措施{self.measure.position}：{self.measure.content[:30]}" if self.measure_id else text
