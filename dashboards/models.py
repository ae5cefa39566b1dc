from django.db import models

COUNTS = [
    "households_total", "households_checked", "households_submitted", "households_approved", "households_returned",
    "key_total", "key_done",
    "villages_total", "villages_checked", "villages_submitted", "villages_approved", "villages_returned",
    "problems_total", "problems_rectified", "problems_closed", "problems_overdue",
]


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class Summary(models.Model):
    """The figures of one unit in one campaign, recomputed from source rows by the roll-up jobs."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="summaries")
    unit = models.ForeignKey("units.AdminUnit", on_delete=models.CASCADE, related_name="+")
    households_total = models.PositiveIntegerField("应查户数", default=0)
    households_checked = models.PositiveIntegerField("已排查户数", default=0)
    households_submitted = models.PositiveIntegerField("已提交户数", default=0)
    households_approved = models.PositiveIntegerField("已审核户数", default=0)
    households_returned = models.PositiveIntegerField("被退回户数", default=0)
    key_total = models.PositiveIntegerField("重点户数", default=0)
    key_done = models.PositiveIntegerField("重点户已到", default=0)
    villages_total = models.PositiveIntegerField("应查村数", default=0)
    villages_checked = models.PositiveIntegerField("已排查村数", default=0)
    villages_submitted = models.PositiveIntegerField("已提交村数", default=0)
    villages_approved = models.PositiveIntegerField("已审核村数", default=0)
    villages_returned = models.PositiveIntegerField("被退回村数", default=0)
    problems_total = models.PositiveIntegerField("问题数", default=0)
    problems_rectified = models.PositiveIntegerField("已整改", default=0)
    problems_closed = models.PositiveIntegerField("已销号", default=0)
    problems_overdue = models.PositiveIntegerField("逾期", default=0)
    by_category = models.JSONField("按类别", default=dict)
    by_source = models.JSONField("按来源", default=dict)
    computed_at = models.DateTimeField("计算时间")

    SCOPE_FIELD = "unit__code"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="summary_once_per_unit")]

    @property
    def coverage(self):
        return _rate(self.households_submitted, self.households_total)

    @property
    def key_coverage(self):
        return _rate(self.key_done, self.key_total)

    @property
    def rectification_rate(self):
        return _rate(self.problems_rectified, self.problems_total)

    @property
    def closing_rate(self):
        return _rate(self.problems_closed, self.problems_total)

    @property
    def problems_per_100(self):
        return round(100 * self.problems_total / self.households_total, 1) if self.households_total else None


class Snapshot(models.Model):
    """A unit's headline figures as of one day, for the progress-over-time chart."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("units.AdminUnit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    households_total = models.PositiveIntegerField(default=0)
    households_submitted = models.PositiveIntegerField(default=0)
    problems_total = models.PositiveIntegerField(default=0)
    problems_closed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit", "day"], name="snapshot_once_a_day")]


class Ranking(models.Model):
    """一周一调度一排队: the frozen weekly ranking of a unit's children; later data never changes it."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="rankings")
    unit = models.ForeignKey("units.AdminUnit", on_delete=models.CASCADE, related_name="+")
    week = models.DateField("周（周一）")
    criteria = models.TextField("排序规则")
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_FIELD = "unit__code"

    class Meta:
        ordering = ["-week"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit", "week"], name="ranking_once_a_week")]


class RankingEntry(models.Model):
    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey("units.AdminUnit", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.DecimalField(max_digits=6, decimal_places=2)
    coverage = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    rectification_rate = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    problems_overdue = models.PositiveIntegerField()

    class Meta:
        ordering = ["rank"]
