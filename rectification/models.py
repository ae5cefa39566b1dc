from django.conf import settings
from django.db import models
from django.db.models import Q


class Problem(models.Model):
    """One ledger entry (问题台账): a gap found, to be rectified and closed (销号)."""

    class Source(models.TextChoices):
        SELF_CHECK = "self_check", "入户/村级排查"
        UNANNOUNCED = "unannounced", "暗访"
        PUBLIC_REPORT = "public_report", "群众举报"
        COUNTY_RECHECK = "county_recheck", "县级复核"
        CITY_SPOT_CHECK = "city_spot_check", "市级抽查"
        FINDING = "finding", "乡县自查发现"

    class Status(models.TextChoices):
        OPEN = "open", "待整改"
        RECTIFYING = "rectifying", "整改中"
        RECTIFIED = "rectified", "已整改"
        CLOSED = "closed", "已销号"
        WITHDRAWN = "withdrawn", "已撤销"

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="problems")
    number = models.PositiveIntegerField("编号")
    unit = models.ForeignKey("units.AdminUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "households.Household", verbose_name="农户", null=True, blank=True, on_delete=models.PROTECT,
        related_name="problems",
    )
    submission = models.ForeignKey(
        "checklists.Submission", null=True, blank=True, on_delete=models.PROTECT, related_name="problems"
    )
    question_key = models.CharField("问题项", max_length=60, blank=True)
    question_text = models.TextField("排查内容", blank=True)
    category = models.CharField("问题类别", max_length=100)
    description = models.TextField("问题描述")
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    department = models.ForeignKey(
        "units.Department", verbose_name="责任单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="problems", help_text="空表示由乡镇负责",
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.OPEN)
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发现人", on_delete=models.PROTECT,
                                 related_name="+")
    found_at = models.DateTimeField("发现时间")

    SCOPE_FIELD = "unit__code"

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题台账"
        ordering = ["campaign", "number"]
        indexes = [models.Index(fields=["campaign", "unit", "status"], name="problem_campaign_unit")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="problem_number_per_campaign"),
            models.UniqueConstraint(
                fields=["submission", "question_key"], condition=Q(submission__isnull=False),
                name="problem_once_per_question",
            ),
        ]

    def __str__(self):
        return f"{self.display_number} {self.category}"

    @property
    def display_number(self) -> str:
        return f"{self.campaign.year}-{self.campaign_id}-{self.number:06d}"
