from django.conf import settings
from django.db import models
from django.urls import reverse


class ExportJob(models.Model):
    """An Excel export made in the background; its file is kept for a while, for users whose scope covers it."""

    class Kind(models.TextChoices):
        APPENDIX = "appendix", "附件表"
        LEDGER = "ledger", "问题台账"
        SUMMARY = "summary", "汇总表"
        JOINT = "joint", "县乡问题排查表"  # 附件3 of 方城: the county part and every township part in one table

    class Status(models.TextChoices):
        WAITING = "waiting", "待排队"  # the broker was unreachable; the sweeper sends it when it is back
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey("checklists.ChecklistTemplate", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    unit = models.ForeignKey("units.AdminUnit", verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField("送入队列时间", null=True, blank=True)
    started_at = models.DateTimeField("开始生成时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("生成次数", default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    SCOPE_FIELD = "unit__code"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename or f"{self.get_kind_display()} {self.unit}"

    def get_absolute_url(self):
        return reverse("exports:detail", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.PENDING, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
