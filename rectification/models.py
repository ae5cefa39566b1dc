from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone


# Deadline for ordering: problems without one sort last. Shared by the index and the ledger view.
DEADLINE_KEY = Coalesce("deadline", Value(date(9999, 12, 31)), output_field=models.DateField())


class ProblemQuerySet(models.QuerySet):
    def unresolved(self):
        return self.exclude(status__in=[Problem.Status.CLOSED, Problem.Status.WITHDRAWN])

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.unresolved().filter(deadline__lt=today)

    def due_within(self, days: int, today=None):
        today = today or timezone.localdate()
        return self.unresolved().filter(deadline__gte=today, deadline__lte=today + timezone.timedelta(days=days))


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

    department = models.ForeignKey(
        "units.Department", verbose_name="责任单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="problems", help_text="空表示由所在乡镇负责",
    )
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    mode = models.CharField("整改方式", max_length=10, choices=Mode.choices, default=Mode.DEADLINE)
    deadline = models.DateField("整改时限", null=True, blank=True)
    measure = models.TextField("整改措施（补课清单）", blank=True)

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
        return (
            self.deadline is not None
            and self.status not in (self.Status.CLOSED, self.Status.WITHDRAWN)
            and self.deadline < timezone.localdate()
        )

    @property
    def township_code(self) -> str:
        return self.unit_id[:9] if len(self.unit_id) >= 9 else ""

    @property
    def responsible_label(self) -> str:
        return self.department.name if self.department_id else "所在乡镇（街道）"


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

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
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
    """An in-app reminder; unique per user, problem, kind and deadline so no job sends it twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "3 天内到期"
        OVERDUE = "overdue", "已逾期"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "problem", "kind", "deadline"], name="notification_once"),
        ]
