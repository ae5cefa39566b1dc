from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from households.models import Household


class Campaign(models.Model):
    """回头看 / 专项行动: one review campaign issued by a unit under a document number."""

    name = models.CharField("名称", max_length=200)
    document_number = models.CharField("文号", max_length=100, help_text="如 方农工组〔2022〕17号")
    issuing_unit = models.ForeignKey(
        "units.AdminUnit", verbose_name="印发单位", on_delete=models.PROTECT, related_name="+"
    )
    scope_unit = models.ForeignKey(
        "units.AdminUnit", verbose_name="实施范围", on_delete=models.PROTECT, related_name="campaigns"
    )
    year = models.PositiveSmallIntegerField("年度")
    templates = models.ManyToManyField("checklists.ChecklistTemplate", verbose_name="排查表", related_name="campaigns")
    target_kinds = models.JSONField("排查对象户类型", default=list)
    include_key_persons = models.BooleanField("另含有重点人员的农户", default=True)
    problem_seq = models.PositiveIntegerField(default=0, editable=False)
    work_ready = models.BooleanField("任务清单已生成", default=False)
    error_threshold = models.DecimalField("问责误差率阈值（%）", max_digits=5, decimal_places=2, null=True,
                                          blank=True, help_text="抽查误差率达到该值的单位列入问责名单")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    SCOPE_FIELD = "scope_unit__code"

    class Meta:
        verbose_name = "专项行动"
        verbose_name_plural = "专项行动"
        ordering = ["-year", "-created_at"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:detail", args=[self.pk])

    def target_kind_labels(self) -> list[str]:
        return [Household.Kind(k).label for k in self.target_kinds]


class Phase(models.Model):
    class Kind(models.TextChoices):
        SCREENING = "screening", "问题排查"
        RECTIFICATION = "rectification", "集中整改"
        COUNTY_REVIEW = "county_review", "县级复核"
        CITY_SPOT_CHECK = "city_spot_check", "市级抽查"
        UNANNOUNCED = "unannounced", "暗访评价"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField("阶段", max_length=20, choices=Kind.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        verbose_name = "阶段"
        verbose_name_plural = "阶段"
        ordering = ["starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="phase_once_per_campaign"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="phase_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on:%m/%d}–{self.ends_on:%m/%d}"

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on
