from datetime import date

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

MIN_RETENTION_YEARS = 1  # 且末 section 七: 村存档、乡镇备案, kept at least one year


def archive_storage():
    """The filesystem by default, S3-compatible object storage when configured (settings STORAGES["archives"])."""
    return storages["archives"]


class Archive(models.Model):
    """A closed campaign: frozen (read-only everywhere) and its archive, kept for its retention."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        PURGED = "purged", "已过保存期限，文件已删除"

    campaign = models.OneToOneField("campaigns.Campaign", on_delete=models.PROTECT, related_name="archive")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField("结束归档时间", auto_now_add=True)
    retention_years = models.PositiveSmallIntegerField(
        "保存期限（年）", default=MIN_RETENTION_YEARS, validators=[MinValueValidator(MIN_RETENTION_YEARS)],
        help_text="存档至少保存 1 年")
    keep_until = models.DateField("保存至")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    files_done = models.PositiveIntegerField(default=0)
    files_total = models.PositiveIntegerField(default=0)
    manifest = models.FileField("清单", storage=archive_storage, upload_to="archives/", blank=True)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    SCOPE_FIELD = "campaign__scope_unit__code"

    class Meta:
        verbose_name = "专项行动存档"
        verbose_name_plural = "专项行动存档"
        constraints = [models.CheckConstraint(condition=Q(retention_years__gte=MIN_RETENTION_YEARS),
                                              name="archive_retention_at_least_one_year")]

    def __str__(self):
        return f"{self.campaign} 存档"

    def get_absolute_url(self):
        return reverse("archives:detail", args=[self.campaign_id])

    @staticmethod
    def keep_until_for(closed_on: date, years: int) -> date:
        try:
            return closed_on.replace(year=closed_on.year + years)
        except ValueError:  # 29 February
            return closed_on.replace(year=closed_on.year + years, day=28)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.files_done / self.files_total) if self.files_total else 0


class ArchiveFile(models.Model):
    """One file of an archive, with its checksum (the manifest lists them all)."""

    archive = models.ForeignKey(Archive, on_delete=models.CASCADE, related_name="files")
    unit = models.ForeignKey("units.AdminUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    path = models.CharField("路径", max_length=400)
    kind = models.CharField("内容", max_length=60)
    file = models.FileField(storage=archive_storage, upload_to="archives/", max_length=400)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()

    SCOPE_FIELD = "unit__code"

    class Meta:
        ordering = ["archive", "path"]
        constraints = [models.UniqueConstraint(fields=["archive", "path"], name="archive_file_path_once")]

    def __str__(self):
        return self.path

    def manifest_entry(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "size": self.size, "kind": self.kind}
