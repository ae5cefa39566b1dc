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
    require_training = models.BooleanField("排查人员须先参加培训", default=False,
                                           help_text="勾选后，未参加本次专项行动培训的人员不能提交排查表")
    copied_from = models.ForeignKey("self", verbose_name="沿用自", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="copies")
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


class Link(models.TextChoices):
    """The three links (环节) of the city plan: a phase may be one link's window only."""

    PEOPLE = "people", "贫困人口认定"
    HELPERS = "helpers", "帮扶工作落实"
    FUNDS = "funds", "扶贫资金使用"


class Phase(models.Model):
    """A dated window of a campaign as the plan writes it: any number, any kinds, overlapping, optionally
    one link's window (the city plan's 人员/帮扶/资金 each have their own 自查自纠 and 抽查 dates)."""

    class Kind(models.TextChoices):
        MOBILIZATION = "mobilization", "动员部署"
        TRAINING = "training", "培训"
        SCREENING = "screening", "问题排查"
        RECTIFICATION = "rectification", "集中整改"
        COUNTY_REVIEW = "county_review", "县级复核"
        CITY_SPOT_CHECK = "city_spot_check", "市级抽查"
        UNANNOUNCED = "unannounced", "暗访评价"
        ACCEPTANCE = "acceptance", "验收"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField("阶段类型", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=100, blank=True, help_text="留空则用阶段类型，如 自查自纠")
    link = models.CharField("环节", max_length=10, choices=Link.choices, blank=True, help_text="留空则为全部环节")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    remind_days = models.PositiveSmallIntegerField("截止前提醒天数", default=3, help_text="0 为不提醒")

    class Meta:
        verbose_name = "阶段"
        verbose_name_plural = "阶段"
        ordering = ["starts_on", "pk"]  # the order the plan writes them in
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="phase_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.label} {self.starts_on:%m/%d}–{self.ends_on:%m/%d}"

    @property
    def label(self) -> str:
        """What the plan calls the window: its own name, or its kind, with its link when it has one."""
        name = self.name or self.get_kind_display()
        return f"{name}（{self.get_link_display()}）" if self.link else name

    @property
    def dates(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} 至 {self.ends_on:%Y-%m-%d}"

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on

    def covers_link(self, link: str) -> bool:
        """A phase without a link is every link's window."""
        return not self.link or not link or self.link == link


class PhaseReminder(models.Model):
    """An in-app reminder that a window closes soon, once per user, phase and end date: a job run twice,
    or a phase whose dates did not move, sends nothing twice; a phase moved to a later end reminds again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phase_reminders")
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="reminders")
    ends_on = models.DateField("截止日期")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "阶段截止提醒"
        verbose_name_plural = "阶段截止提醒"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "phase", "ends_on"], name="phase_reminder_once")]

    def __str__(self):
        return f"{self.phase.label} {self.ends_on:%Y-%m-%d} 截止"


class Training(models.Model):
    """大培训: one session of a campaign, and who attended it (accounts of the campaign's units)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="trainings")
    held_on = models.DateField("培训日期")
    topic = models.CharField("培训内容", max_length=200)
    trainer = models.CharField("授课人", max_length=100)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="参训人员", blank=True,
                                       related_name="trainings_attended")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"
