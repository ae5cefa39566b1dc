"""Helpers' visits to their households (入户走访, 两本手册, APP 签到) and the households' satisfaction
with their helper (知晓、满意), asked at a visit or by an inspector of a spot check."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Visit(models.Model):
    """One visit of a helper to one of their households, checked in from the phone.

    `checked_in_at` is the server's time of the check-in, never the phone's; the place is what
    the browser gave, if the helper allowed it."""

    class Location(models.TextChoices):
        GIVEN = "given", "已定位"
        DECLINED = "declined", "未授权定位"
        UNAVAILABLE = "unavailable", "无法定位"

    household = models.ForeignKey("households.Household", verbose_name="农户", on_delete=models.PROTECT,
                                  related_name="visits")
    # the household's village when visited: the scope of the row, and the month table's grouping
    village = models.ForeignKey("units.AdminUnit", verbose_name="村", on_delete=models.PROTECT, related_name="+")
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="帮扶责任人", on_delete=models.PROTECT,
                               related_name="visits")
    visited_on = models.DateField("走访日期")
    work_done = models.TextField("帮扶工作内容")
    needs = models.TextField("了解到的需求", blank=True)
    manuals_checked = models.BooleanField("两本手册已核对填写")
    manuals_note = models.TextField("手册情况说明", blank=True)
    checked_in_at = models.DateTimeField("签到时间")
    location = models.CharField("定位", max_length=12, choices=Location.choices, default=Location.UNAVAILABLE)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy = models.PositiveIntegerField("定位精度（米）", null=True, blank=True)

    SCOPE_FIELD = "village__code"

    class Meta:
        verbose_name = "入户走访"
        verbose_name_plural = "入户走访"
        ordering = ["-visited_on", "-checked_in_at"]
        indexes = [
            models.Index(fields=["village", "visited_on"], name="visit_village_day"),
            models.Index(fields=["helper", "visited_on"], name="visit_helper_day"),
            models.Index(fields=["household", "visited_on"], name="visit_household_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(location="given", latitude__isnull=False, longitude__isnull=False)
                | Q(~Q(location="given"), latitude__isnull=True, longitude__isnull=True),
                name="visit_place_only_when_given",
            ),
        ]

    def __str__(self):
        return f"{self.visited_on:%Y-%m-%d} 走访 {self.household_id}"


class Satisfaction(models.Model):
    """A household asked whether it knows its helper and is satisfied with the help (知晓、满意).

    One model for both sources: the helper's visit (the household asked at the door) and a spot
    check's household inspection (asked by the inspector, whom the household has no reason to
    please). `helper` is the helper the answer is about, as assigned when it was asked."""

    class Source(models.TextChoices):
        VISIT = "visit", "入户走访"
        SPOT_CHECK = "spot_check", "抽查复核"

    household = models.ForeignKey("households.Household", verbose_name="农户", on_delete=models.PROTECT,
                                  related_name="+")
    village = models.ForeignKey("units.AdminUnit", verbose_name="村", on_delete=models.PROTECT, related_name="+")
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="帮扶责任人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    source = models.CharField("来源", max_length=12, choices=Source.choices)
    visit = models.OneToOneField(Visit, null=True, blank=True, on_delete=models.CASCADE, related_name="satisfaction")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="专项行动", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    asked_on = models.DateField("询问日期")
    knows_helper = models.BooleanField("知晓帮扶责任人")
    satisfied = models.BooleanField("对帮扶工作满意")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    SCOPE_FIELD = "village__code"

    class Meta:
        verbose_name = "帮扶满意度"
        verbose_name_plural = "帮扶满意度"
        ordering = ["-asked_on", "-pk"]
        indexes = [models.Index(fields=["village", "asked_on"], name="satisfaction_village_day")]
        constraints = [
            models.CheckConstraint(condition=Q(source="visit", visit__isnull=False) | Q(source="spot_check"),
                                   name="satisfaction_visit_has_visit"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.asked_on:%Y-%m-%d} {self.household_id}"
