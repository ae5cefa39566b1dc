"""问责案件: holding a unit or a person to account, with the evidence, the steps taken and the outcome."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from units import codes


def handling_code(subject_code: str) -> str:
    """The unit whose office handles a case against this unit: the nearest county or city strictly above it
    (a county handles its townships and villages, the city its counties); nobody handles its own case."""
    for length in (codes.COUNTY, codes.CITY, codes.PROVINCE):
        if len(subject_code) > length:
            return codes.cut_to(subject_code, length)
    return subject_code


class AccountabilityCase(models.Model):
    class Reason(models.TextChoices):
        ERROR_RATE = "error_rate", "抽查误差率达到问责阈值"
        OVERDUE = "overdue", "问题逾期未整改"
        UNANNOUNCED = "unannounced", "暗访发现问题"
        SATISFACTION = "satisfaction", "群众满意度低"
        PUBLIC_REPORT = "public_report", "群众举报"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        DRAFT = "draft", "待确认"
        OPEN = "open", "处理中"
        TRANSFERRED = "transferred", "已移送纪检监察机关"
        CLOSED = "closed", "已办结"
        DISMISSED = "dismissed", "不予问责"

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="专项行动", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("问责事由", max_length=14, choices=Reason.choices)
    # A case a rule opened carries the rule's key (rule, its source, the subject): one case per key, ever.
    rule_key = models.CharField(max_length=80, blank=True, editable=False)
    unit = models.ForeignKey("units.AdminUnit", verbose_name="被问责单位", on_delete=models.PROTECT,
                             related_name="+", help_text="责任单位为行业部门时为其所属县")
    department = models.ForeignKey("units.Department", verbose_name="被问责部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    person = models.CharField("被问责人（姓名、职务）", max_length=100, blank=True)
    handling_unit = models.ForeignKey("units.AdminUnit", verbose_name="办理单位", on_delete=models.PROTECT,
                                      related_name="+")
    summary = models.CharField("案由", max_length=200)
    evidence = models.JSONField("依据（规则计算）", default=dict, blank=True)
    evidence_text = models.TextField("依据说明", blank=True)
    spot_check = models.ForeignKey("spotchecks.SpotCheck", verbose_name="抽查", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    problems = models.ManyToManyField("rectification.Problem", verbose_name="相关问题", blank=True, related_name="+")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="立案人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", help_text="空表示由规则自动生成")
    opened_at = models.DateTimeField("生成时间", auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    transferred_at = models.DateTimeField("移送时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    outcome = models.TextField("处理结果", blank=True)

    SCOPE_FIELD = "handling_unit__code"

    class Meta:
        verbose_name = "问责案件"
        verbose_name_plural = "问责案件"
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule_key"], condition=~Q(rule_key=""), name="case_once_per_rule_key"),
        ]
        indexes = [models.Index(fields=["handling_unit", "status"], name="case_handling_status")]

    def __str__(self):
        return f"{self.display_number} {self.subject_label}"

    def get_absolute_url(self):
        return reverse("accountability:detail", args=[self.pk])

    @property
    def display_number(self) -> str:
        return f"问责-{self.opened_at:%Y}-{self.pk:05d}" if self.opened_at else "问责-新"

    @property
    def subject_label(self) -> str:
        """The unit (or department) and, when named, the person."""
        who = str(self.department) if self.department_id else self.unit.name
        return f"{who} {self.person}".strip()

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.TRANSFERRED)


class CaseStep(models.Model):
    """One step of a case, dated as it happened (约谈 on the day of the talk), recorded with who wrote it."""

    class Kind(models.TextChoices):
        OPEN = "open", "立案"
        CONFIRM = "confirm", "确认问责"
        DISMISS = "dismiss", "不予问责"
        INTERVIEW = "interview", "约谈"
        CRITICIZE = "criticize", "通报批评"
        ADMONISH = "admonish", "诫勉谈话"
        START_PROCEDURE = "start_procedure", "启动问责程序"
        TRANSFER = "transfer", "移送纪检监察机关"
        NOTE = "note", "补充情况"
        CLOSE = "close", "办结"

    # The steps an office adds by hand to an open case; the others are the case's own transitions.
    MEASURES = (Kind.INTERVIEW, Kind.CRITICIZE, Kind.ADMONISH, Kind.START_PROCEDURE, Kind.NOTE)

    case = models.ForeignKey(AccountabilityCase, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("步骤", max_length=16, choices=Kind.choices)
    happened_on = models.DateField("日期")
    note = models.TextField("情况", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "问责步骤"
        verbose_name_plural = "问责步骤"
        ordering = ["happened_on", "at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.happened_on:%Y-%m-%d}"


class Clue(models.Model):
    """A file attached to a case: evidence, a talk's record, or the clues handed to the 纪检监察机关."""

    case = models.ForeignKey(AccountabilityCase, on_delete=models.CASCADE, related_name="clues")
    step = models.ForeignKey(CaseStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="clues")
    file = models.FileField(upload_to="clues/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    SCOPE_FIELD = "case__handling_unit__code"

    class Meta:
        verbose_name = "问题线索"
        verbose_name_plural = "问题线索"
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
