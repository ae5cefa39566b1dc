from django.conf import settings
from django.db import models
from django.urls import reverse


class SpotCheck(models.Model):
    """A random sample drawn by the city (市级抽查, 交叉对检) or a county (县级复核), re-drawable from its seed.

    Any level can be drawn: households, whole villages, townships, counties, or counties'
    fund use (市级资金抽查); the forms the inspectors fill are the campaign's forms of that level.
    """

    class Kind(models.TextChoices):
        CITY = "city", "市级抽查"
        COUNTY = "county", "县级复核"
        CROSS = "cross", "交叉对检"

    class Subject(models.TextChoices):
        VILLAGE = "village", "整村抽查"
        HOUSEHOLD = "household", "抽取农户"
        TOWNSHIP = "township", "抽取乡镇"
        COUNTY = "county", "抽取县"
        FUNDS = "funds", "资金抽查（按县）"

    class Strata(models.TextChoices):
        COUNTY = "county", "按县分层"
        TOWNSHIP = "township", "按乡镇分层"
        NONE = "none", "不分层"

    class Status(models.TextChoices):
        DRAFT = "draft", "预览（未发布）"
        PUBLISHED = "published", "已发布"

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="spot_checks")
    unit = models.ForeignKey("units.AdminUnit", verbose_name="抽查范围", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    subject = models.CharField("抽样单位", max_length=10, choices=Subject.choices)
    strata = models.CharField("分层", max_length=10, choices=Strata.choices)
    size_per_stratum = models.PositiveIntegerField("每层样本量", null=True, blank=True)
    confidence = models.DecimalField("置信水平", max_digits=4, decimal_places=3, null=True, blank=True)
    margin = models.DecimalField("允许误差", max_digits=4, decimal_places=3, null=True, blank=True)
    weight_key_households = models.BooleanField("重点户加权", default=False)
    weight_low_reporting = models.BooleanField("问题偏少的乡镇加权", default=False)
    seed = models.BigIntegerField("随机种子")
    population = models.JSONField("总体快照", default=dict)  # stratum -> [[id, weight], ...], sorted
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField("抽样时间", auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    templates = models.ManyToManyField("checklists.ChecklistTemplate", verbose_name="检查使用的表",
                                       related_name="+", blank=True)

    SCOPE_FIELD = "unit__code"

    class Meta:
        ordering = ["-drawn_at"]

    def __str__(self):
        return f"{self.title} {self.unit} {self.drawn_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("spotchecks:detail", args=[self.pk])

    @property
    def title(self) -> str:
        """What the plans call it: a funds draw by the city is the 市级资金抽查."""
        if self.subject == self.Subject.FUNDS:
            return "县级资金复核" if self.kind == self.Kind.COUNTY else "市级资金抽查"
        return self.get_kind_display()

    @property
    def is_city_level(self) -> bool:
        return self.kind in (self.Kind.CITY, self.Kind.CROSS)

    def params(self) -> dict:
        return {
            "subject": self.subject, "strata": self.strata, "size_per_stratum": self.size_per_stratum,
            "confidence": str(self.confidence) if self.confidence is not None else None,
            "margin": str(self.margin) if self.margin is not None else None,
            "weight_key_households": self.weight_key_households, "weight_low_reporting": self.weight_low_reporting,
            "seed": self.seed,
        }


class SampleItem(models.Model):
    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="items")
    stratum = models.CharField("层", max_length=12)
    unit = models.ForeignKey("units.AdminUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+",
                             help_text="抽中的村、乡镇或县；抽取农户时为农户所在村")
    household = models.ForeignKey("households.Household", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")

    SCOPE_FIELD = "unit__code"

    class Meta:
        ordering = ["stratum", "unit_id", "household_id"]


class InspectorAssignment(models.Model):
    """An inspector (复核工作组, 交叉对检, 第三方) sees only the sampled units of one county of this sample;
    never someone from the units checked (see selectors.inspector_conflict)."""

    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="assignments")
    county_code = models.CharField("县代码", max_length=6)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="检查人员", on_delete=models.CASCADE,
                                  related_name="inspections_assigned")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["spot_check", "county_code", "inspector"],
                                               name="assignment_once")]


class Inspection(models.Model):
    """The inspector's own filling of a form for one sampled subject; kept apart from the self-check."""

    class Status(models.TextChoices):
        PENDING = "pending", "未检查"
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"

    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="inspections")
    template = models.ForeignKey("checklists.ChecklistTemplate", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("units.AdminUnit", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("households.Household", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    version = models.PositiveIntegerField(default=0)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    # 知晓、满意 asked of the household by the inspector (a household inspection only)
    satisfaction = models.OneToOneField("visits.Satisfaction", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="inspection")

    SCOPE_FIELD = "unit__code"

    class Meta:
        ordering = ["unit_id", "household_id", "template_id"]
        constraints = [models.UniqueConstraint(fields=["spot_check", "template", "unit", "household"],
                                               name="inspection_once", nulls_distinct=False)]

    def get_absolute_url(self):
        return reverse("spotchecks:inspection", args=[self.pk])
