from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class FormLevel(models.TextChoices):
    HOUSEHOLD = "household", "户"
    VILLAGE = "village", "村"
    TOWNSHIP = "township", "乡镇"
    COUNTY = "county", "县"


class QuestionKind(models.TextChoices):
    FLAG = "flag", "是/否（是为问题）"
    YES_NO = "yes_no", "是/否"
    NUMBER = "number", "数字"
    MONEY = "money", "金额"
    TEXT = "text", "文字"
    CHOICE = "choice", "选项"
    DATE = "date", "日期"
    SIGNATURE = "signature", "签字"


class ChecklistTemplate(models.Model):
    """One version of a form derived from an appendix; loaded from checklists/data/*.yaml."""

    code = models.CharField("代码", max_length=50)
    version = models.PositiveIntegerField("版本")
    name = models.CharField("名称", max_length=200)
    source = models.CharField("来源", max_length=200)
    level = models.CharField("填报层级", max_length=10, choices=FormLevel.choices)
    signatures = models.JSONField("签字栏", default=list)
    # The lines the appendix prints above its table (乡镇、村、户类型 …) and its column heads.
    header_lines = models.JSONField("表头", default=list, blank=True)
    columns = models.JSONField("表格栏目", default=list, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField("导入时间", auto_now=True)

    class Meta:
        verbose_name = "排查表模板"
        verbose_name_plural = "排查表模板"
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="template_code_version_unique")]

    def __str__(self):
        return f"{self.name}（第 {self.version} 版）"

    def is_frozen(self) -> bool:
        """A template with submissions never changes again; a new version is made instead."""
        return self.submissions.exclude(status=Submission.Status.NOT_STARTED).exists() or self.campaigns.exists()


class Section(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField("序号")
    title = models.CharField("事项", max_length=200)
    rules = models.JSONField("校验规则", default=list)

    class Meta:
        verbose_name = "事项"
        verbose_name_plural = "事项"
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "position"], name="section_position_unique")]

    def __str__(self):
        return f"{self.position}. {self.title}"


class Question(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("序号")
    key = models.CharField("键", max_length=60)
    text = models.TextField("内容")
    kind = models.CharField("类型", max_length=10, choices=QuestionKind.choices)
    unit = models.CharField("单位", max_length=20, blank=True)
    required = models.BooleanField("必填", default=True)
    labels = models.JSONField("是/否标签", default=list, blank=True)
    choices = models.JSONField("选项", default=list, blank=True)
    prefill = models.CharField("预填字段", max_length=40, blank=True)
    category = models.CharField("问题类别", max_length=100, blank=True)
    department = models.CharField("默认责任单位", max_length=50, blank=True, help_text="空表示由乡镇负责")
    co_departments = models.JSONField("配合责任单位", default=list, blank=True,
                                      help_text="方案为同一事项列出的其他责任单位（含工作组）")
    standard = models.TextField("方案原文", blank=True, help_text="问题所依据的方案原文（标准）")

    class Meta:
        verbose_name = "排查问题"
        verbose_name_plural = "排查问题"
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="question_key_unique")]

    def __str__(self):
        return self.text[:40]

    @property
    def is_flag(self) -> bool:
        return self.kind == QuestionKind.FLAG

    @property
    def yes_no_labels(self) -> tuple[str, str]:
        return tuple(self.labels) if self.labels else ("是", "否")


class Submission(models.Model):
    """One filled form for one subject: a household, a unit (village, township, county) or a county
    department (县直行业部门). A department's form belongs to its county (`unit`) and names the department."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未填报"
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已审核"

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="submissions")
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey("units.AdminUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "households.Household", verbose_name="农户", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "units.Department", verbose_name="行业部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_key = models.BooleanField("重点户（必到）", default=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    answers = models.JSONField("答案", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=0)
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="排查人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.TextField("退回原因", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    SCOPE_FIELD = "unit__code"
    DEPARTMENT_SUBJECT_FIELD = "department"  # a department sees its own forms, never another department's
    EDITABLE = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)

    class Meta:
        verbose_name = "填报"
        verbose_name_plural = "填报"
        ordering = ["unit_id", "household_id"]
        indexes = [
            models.Index(fields=["campaign", "unit", "status"], name="submission_campaign_unit"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "template", "household"], condition=Q(household__isnull=False),
                name="submission_one_per_household",
            ),
            models.UniqueConstraint(
                fields=["campaign", "template", "unit"], condition=Q(household__isnull=True, department__isnull=True),
                name="submission_one_per_unit_form",
            ),
            models.UniqueConstraint(
                fields=["campaign", "template", "department"], condition=Q(department__isnull=False),
                name="submission_one_per_department",
            ),
            # one subject kind: a household, a department, or (neither) the unit itself
            models.CheckConstraint(condition=Q(household__isnull=True) | Q(department__isnull=True),
                                   name="submission_one_subject_kind"),
        ]

    def __str__(self):
        return f"{self.template.name} · {self.subject_name}"

    def get_absolute_url(self):
        return reverse("checklists:submission", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def subject_name(self) -> str:
        """Whom the form is about, as a list shows it: the head of household, 方城县教体局, or the unit."""
        if self.household_id:
            return self.household.head_name
        if self.department_id:
            return f"{self.unit.name}{self.department.name}"
        return self.unit.name


class SubmissionEvent(models.Model):
    """The audit trail of a submission: who saved, submitted, approved or returned it, when, why."""

    class Action(models.TextChoices):
        SAVE = "save", "保存草稿"
        SUBMIT = "submit", "提交"
        APPROVE = "approve", "审核通过"
        RETURN = "return", "退回"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
