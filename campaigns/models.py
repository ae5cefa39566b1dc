from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from .targets import Targets


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
    templates = models.ManyToManyField("checklists.ChecklistTemplate", verbose_name="排查表", related_name="campaigns",
                                       through="CampaignForm")
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



class CampaignForm(models.Model):
    """One form (template) a campaign uses, and whom it must reach: the work list is built per form."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="forms")
    template = models.ForeignKey("checklists.ChecklistTemplate", verbose_name="排查表", on_delete=models.PROTECT,
                                 related_name="campaign_forms")
    household_kinds = models.JSONField("户类型", default=list, blank=True)
    key_persons = models.JSONField("重点人员", default=list, blank=True,
                                   help_text="另含有这些人员的农户，不论户类型")
    village_types = models.JSONField("村类型", default=list, blank=True, help_text="不选则为全部村")
    exit_year_from = models.PositiveSmallIntegerField("退出年度（起）", null=True, blank=True)
    exit_year_to = models.PositiveSmallIntegerField("退出年度（止）", null=True, blank=True)
    departments = models.JSONField("县直行业部门", default=list, blank=True, help_text="县级表另发给这些部门（按名称）")
    all_departments = models.BooleanField("全部县直行业部门", default=False, help_text="县级表另发给本县全部行业部门")

    class Meta:
        verbose_name = "排查表及排查对象"
        verbose_name_plural = "排查表及排查对象"
        ordering = ["campaign", "template__level", "template__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "template"], name="campaign_form_once")]

    def __str__(self):
        return f"{self.template.name}：{self.targets_label}"

    @property
    def targets(self) -> Targets:
        return Targets(tuple(self.household_kinds), tuple(self.key_persons), tuple(self.village_types),
                       self.exit_year_from, self.exit_year_to, tuple(self.departments), self.all_departments)

    @targets.setter
    def targets(self, targets: Targets) -> None:
        self.household_kinds, self.key_persons = list(targets.household_kinds), list(targets.key_persons)
        self.village_types = list(targets.village_types)
        self.exit_year_from, self.exit_year_to = targets.exit_year_from, targets.exit_year_to
        self.departments, self.all_departments = list(targets.departments), targets.all_departments

    @property
    def targets_label(self) -> str:
        return self.targets.describe(self.template.level)


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
