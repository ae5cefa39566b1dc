"""报送 (documents each unit hands in by a date, with its signer) and 通报 (the office's weekly notice)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse

from units.models import Level


class ReportDue(models.Model):
    """One document the units of a level must hand in: once by a date, or every week until a date."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", "工作总结"
        RECTIFICATION = "rectification", "整改情况"
        BASELINE = "baseline", "摸底表汇总"
        WEEKLY = "weekly", "工作组周报"
        LEDGER = "ledger", "问题台账"
        OTHER = "other", "其他材料"

    class Repeat(models.TextChoices):
        ONCE = "once", "一次性"
        WEEKLY = "weekly", "每周"

    class Generated(models.TextChoices):
        NONE = "", "不生成（只能上传）"
        LEDGER = "ledger", "本单位问题台账（Excel）"
        SUMMARY = "summary", "本单位汇总表（Excel）"

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="reports_due")
    title = models.CharField("材料名称", max_length=100, help_text="如 集中整改工作总结")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    level = models.CharField("报送单位层级", max_length=10, choices=Level.choices, default=Level.TOWNSHIP)
    repeat = models.CharField("报送频次", max_length=8, choices=Repeat.choices, default=Repeat.ONCE)
    first_due = models.DateField("截止日期", help_text="每周报送时为第一周的截止日期")
    last_due = models.DateField("最后一次截止日期", null=True, blank=True, help_text="仅每周报送时填写")
    signer_title = models.CharField("签字人", max_length=50, blank=True, help_text="如 乡镇党委书记")
    generated = models.CharField("可由系统生成", max_length=10, choices=Generated.choices, blank=True, default="")
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_FIELD = "campaign__scope_unit__code"

    class Meta:
        verbose_name = "报送要求"
        verbose_name_plural = "报送要求"
        ordering = ["first_due", "pk"]

    def __str__(self):
        return self.title

    def due_dates(self, today: date) -> list[date]:
        """The due dates that concern `today`: every one already passed and the next one (weekly),
        or the one date (once)."""
        if self.repeat == self.Repeat.ONCE or not self.last_due:
            return [self.first_due]
        dates, day = [], self.first_due
        while day <= self.last_due:
            dates.append(day)
            if day >= today:
                break
            day += timedelta(days=7)
        return dates

    def is_due_on(self, day: date) -> bool:
        if self.repeat == self.Repeat.ONCE or not self.last_due:
            return day == self.first_due
        return self.first_due <= day <= self.last_due and (day - self.first_due).days % 7 == 0


class Report(models.Model):
    """The document one unit handed in for one due date of a ReportDue; re-submitted after a return."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已报"
        RETURNED = "returned", "退回"

    class Source(models.TextChoices):
        UPLOAD = "upload", "上传"
        GENERATED = "generated", "系统生成"

    due = models.ForeignKey(ReportDue, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("units.AdminUnit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField("截止日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    file = models.FileField(upload_to="reports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    signer_name = models.CharField("签字人姓名", max_length=50)
    signed_on = models.DateField("签字日期")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间")
    return_reason = models.TextField("退回原因", blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)

    SCOPE_FIELD = "unit__code"

    class Meta:
        verbose_name = "报送材料"
        verbose_name_plural = "报送材料"
        ordering = ["due_date", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["due", "unit", "due_date"], name="report_once_per_due_date")]

    def __str__(self):
        return f"{self.due.title} {self.unit.name} {self.due_date}"


class Standing(models.TextChoices):
    """Where a unit stands on one due date of a report: the one definition, used by every page and test."""

    NOT_IN = "not_in", "未报"
    IN = "in", "已报"
    OVERDUE = "overdue", "逾期"
    RETURNED = "returned", "退回"


def standing(report: "Report | None", due_date: date, today: date) -> Standing:
    """已报 once handed in (late or not); 退回 until handed in again; without a report, 逾期 after the
    due date (the due date itself is still in time), 未报 before."""
    if report is not None:
        return Standing.RETURNED if report.status == Report.Status.RETURNED else Standing.IN
    return Standing.OVERDUE if today > due_date else Standing.NOT_IN


class ReportEvent(models.Model):
    """The history of a report: each hand-in and each return, with its reason."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "报送"
        RETURN = "return", "退回"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Bulletin(models.Model):
    """通报: the office's notice of a frozen weekly ranking, with praise and criticism; .docx and PDF."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="bulletins")
    unit = models.ForeignKey("units.AdminUnit", verbose_name="通报范围", on_delete=models.PROTECT, related_name="+")
    ranking = models.ForeignKey("dashboards.Ranking", verbose_name="周排名", on_delete=models.PROTECT,
                                related_name="+")
    title = models.CharField("标题", max_length=200)
    document_number = models.CharField("文号", max_length=100)
    period_start = models.DateField("通报期间起")
    period_end = models.DateField("通报期间止")
    praised = models.JSONField("表扬单位（区划代码）", default=list)
    criticized = models.JSONField("批评单位（区划代码）", default=list)
    issuing_office = models.CharField("发文单位", max_length=100)
    issued_on = models.DateField("成文日期")
    figures = models.JSONField("通报数据", default=dict, help_text="生成时的乡镇与部门数据，文档据此写成")
    docx = models.FileField(upload_to="bulletins/%Y/%m/")
    pdf = models.FileField(upload_to="bulletins/%Y/%m/", blank=True)  # made on first download
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_FIELD = "unit__code"

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return f"{self.document_number} {self.title}"

    def get_absolute_url(self):
        return reverse("paperwork:bulletin", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def audience(self) -> tuple[int, int]:
        """(townships, departments) the bulletin names: those told when it is published."""
        return len(self.figures.get("townships", [])), len(self.figures.get("departments", []))
