"""回头帮: the lists the county office hands to the units that fix the gaps, and the plans those units write.

The problems themselves stay in the ledger (rectification): a list or a plan line only names which
problems it covers, and every figure shown for it (closed, overdue, the measure) is read from them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from units import codes

TOWNSHIP_ANSWERS = "所在乡镇（街道）"  # no department: the township answers (the ledger's lead_label says the same)


class HelpList(models.Model):
    """回头帮清单: the gaps of one village or township routed to one responsible unit, with a time limit.

    No department means the township itself answers for the gaps (those left with it in the ledger)."""

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="专项行动", on_delete=models.PROTECT,
                                 related_name="+")
    unit = models.ForeignKey("units.AdminUnit", verbose_name="村/乡镇", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("units.Department", verbose_name="责任单位", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", help_text="空表示由所在乡镇负责")
    deadline = models.DateField("完成时限")
    note = models.TextField("交办说明", blank=True)
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="交办人", on_delete=models.PROTECT,
                                  related_name="+")
    handed_at = models.DateTimeField("交办时间")
    problems = models.ManyToManyField("rectification.Problem", through="HelpListItem", related_name="+")

    SCOPE_FIELD = "unit__code"
    DEPARTMENT_FIELD = "department_id"

    class Meta:
        verbose_name = "回头帮清单"
        verbose_name_plural = "回头帮清单"
        ordering = ["campaign", "unit_id", "department__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "department"], condition=Q(department__isnull=False),
                                    name="help_list_once_per_department"),
            models.UniqueConstraint(fields=["campaign", "unit"], condition=Q(department__isnull=True),
                                    name="help_list_once_per_township_office"),
        ]
        indexes = [models.Index(fields=["department", "campaign"], name="help_list_department")]

    def __str__(self):
        return f"{self.unit.name}“回头帮”清单（{self.responsible_label}）"

    def get_absolute_url(self):
        return reverse("assistance:list_detail", args=[self.pk])

    @property
    def responsible_label(self) -> str:
        return self.department.name if self.department_id else TOWNSHIP_ANSWERS

    @property
    def level_label(self) -> str:
        return "村" if codes.is_at_or_below(self.unit_id, codes.VILLAGE) else "乡镇"


class HelpListItem(models.Model):
    """One 回头帮 object: a problem of the ledger in a list."""

    help_list = models.ForeignKey(HelpList, on_delete=models.CASCADE, related_name="items")
    problem = models.ForeignKey("rectification.Problem", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["help_list", "problem"], name="help_item_once")]
        indexes = [models.Index(fields=["problem"], name="help_item_problem")]


class Plan(models.Model):
    """A responsible unit's plan: 且末's 《“回头帮”年度实施方案》 of a department, or 福州's 专项整改方案 of a
    township. Written by the unit, approved or returned by the county office."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "“回头帮”年度实施方案"
        TOWNSHIP = "township", "专项整改方案"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已批准"
        RETURNED = "returned", "已退回"

    kind = models.CharField("方案类型", max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年度")
    # the county for a department's plan, the township for a township's
    unit = models.ForeignKey("units.AdminUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("units.Department", verbose_name="责任单位", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    title = models.CharField("方案名称", max_length=200)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField("退回原因", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编制人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("编制时间", auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    SCOPE_FIELD = "unit__code"
    DEPARTMENT_FIELD = "department_id"
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    class Meta:
        verbose_name = "方案"
        verbose_name_plural = "方案"
        ordering = ["-year", "unit_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="department", department__isnull=False) | Q(kind="township", department__isnull=True),
                name="plan_department_only_on_department_plans",
            ),
            models.UniqueConstraint(fields=["year", "department"], condition=Q(kind="department"),
                                    name="plan_once_a_year_per_department"),
            models.UniqueConstraint(fields=["year", "unit"], condition=Q(kind="township"),
                                    name="plan_once_a_year_per_township"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assistance:plan_detail", args=[self.pk])

    @property
    def writer_label(self) -> str:
        return self.department.name if self.department_id else self.unit.name

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def line_fields(self) -> list[tuple[str, str]]:
        return LINE_FIELDS[self.kind]


class PlanLine(models.Model):
    """One line of a plan: what is to be done, to which standard, by when, by whom, for which problems."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField("序号")
    target = models.TextField("目标任务")
    standard = models.TextField("标准要求", blank=True)
    schedule = models.TextField("时间进度", blank=True)
    deadline = models.DateField("完成时限")
    persons = models.CharField("责任人员", max_length=200)
    evaluation = models.TextField("检查评估", blank=True)
    accountability = models.TextField("监督问责", blank=True)
    problems = models.ManyToManyField("rectification.Problem", through="PlanLineProblem", related_name="+")

    class Meta:
        ordering = ["plan", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="plan_line_position")]

    def __str__(self):
        return f"{self.position}. {self.target[:30]}"


class PlanLineProblem(models.Model):
    line = models.ForeignKey(PlanLine, on_delete=models.CASCADE, related_name="covered")
    problem = models.ForeignKey("rectification.Problem", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["line", "problem"], name="plan_line_problem_once")]
        indexes = [models.Index(fields=["problem"], name="plan_line_problem")]


# The one definition of what a line holds in each kind of plan, and what the plan calls it: the form,
# the page and the Excel read it from here. 且末 五(四): 目标任务、标准要求、完成时限、责任人员;
# 福州 三(三): 推进措施、具体责任人、时间进度表、检查评估、监督问责.
LINE_FIELDS: dict[str, list[tuple[str, str]]] = {
    Plan.Kind.DEPARTMENT: [("target", "目标任务"), ("standard", "标准要求"), ("deadline", "完成时限"),
                           ("persons", "责任人员")],
    Plan.Kind.TOWNSHIP: [("target", "整改措施"), ("persons", "具体责任人"), ("schedule", "时间进度表"),
                         ("deadline", "完成时限"), ("evaluation", "检查评估"), ("accountability", "监督问责")],
}
REQUIRED_LINE_FIELDS = ("target", "deadline", "persons")
