from django.db import models
from django.urls import reverse

from . import codes
from .codes import CODE_LENGTH, LEVEL_BY_LENGTH, Level  # noqa: F401 - defined with the code arithmetic
from .roles import DEPARTMENT_PERMISSION, UNIT_ROLES, unit_permission


class AdminUnitQuerySet(models.QuerySet):
    def in_subtree(self, code: str):
        """The unit with this code and every unit below it (a code-prefix match, by range: see units/lookups.py)."""
        return self.filter(code__subtree=code)

    def villages(self):
        return self.filter(level=Level.VILLAGE)

    def villages_with_status(self, types=(), exited_from: int | None = None, exited_to: int | None = None):
        """Villages of these types (all villages when none is given) that exited within the years given.

        A year bound keeps only villages with a known exit year, so it is meant for 脱贫村.
        """
        villages = self.villages()
        if types:
            villages = villages.filter(village_type__in=types)
        if exited_from is not None:
            villages = villages.filter(exit_year__gte=exited_from)
        if exited_to is not None:
            villages = villages.filter(exit_year__lte=exited_to)
        return villages


class AdminUnit(models.Model):
    class VillageType(models.TextChoices):
        """A village's poverty status; blank while nobody has recorded it."""

        POVERTY_EXITED = "poverty_exited", "脱贫村"  # a 贫困村 that has exited (已退出贫困村)
        POVERTY = "poverty", "贫困村（未退出）"
        GENERAL = "general", "一般村"  # never a 贫困村

    # A CharField primary key: Django adds a varchar_pattern_ops index on PostgreSQL,
    # so LIKE 'prefix%' subtree queries use an index whatever the database collation.
    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    village_type = models.CharField("村类型", max_length=20, choices=VillageType.choices, blank=True)
    exit_year = models.PositiveSmallIntegerField("退出年度", null=True, blank=True,
                                                 help_text="贫困村退出（脱贫摘帽）的年度，仅脱贫村填写")

    objects = AdminUnitQuerySet.as_manager()

    SCOPE_FIELD = "code"

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        permissions = [(unit_permission(role), f"角色：{role.label}") for role in UNIT_ROLES]
        indexes = [models.Index(fields=["level", "code"], name="unit_level_code")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(village_type="") | models.Q(level=Level.VILLAGE),
                name="unit_village_type_only_on_villages",
            ),
            models.CheckConstraint(
                condition=models.Q(exit_year__isnull=True) | models.Q(village_type="poverty_exited"),
                name="unit_exit_year_only_on_exited_villages",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:detail", args=[self.code])

    def ancestor_codes(self) -> list[str]:
        """Codes of this unit's ancestors, highest first, derived from the code itself."""
        return codes.ancestor_codes(self.code)

    def ancestors(self):
        return AdminUnit.objects.filter(code__in=self.ancestor_codes()).order_by("code")

    def is_within(self, code: str) -> bool:
        return codes.is_within(self.code, code)

    @property
    def was_poverty_village(self) -> bool:
        return self.village_type in (self.VillageType.POVERTY, self.VillageType.POVERTY_EXITED)

    @property
    def status_label(self) -> str:
        """村类型 with the exit year, as a page shows it: 脱贫村（2017 年退出）."""
        if self.village_type == self.VillageType.POVERTY_EXITED and self.exit_year:
            return f"脱贫村（{self.exit_year} 年退出）"
        return self.get_village_type_display()

    @property
    def full_name(self) -> str:
        names = [u.name for u in self.ancestors() if u.level != Level.PROVINCE]
        return "".join(names + [self.name])


class Department(models.Model):
    """A responsible unit (责任单位 / 行业部门) of one county, where problems are routed."""

    county = models.ForeignKey(
        AdminUnit, verbose_name="所属县", on_delete=models.PROTECT, related_name="departments",
        limit_choices_to={"level": Level.COUNTY},
    )
    name = models.CharField("部门名称", max_length=50, help_text="如：教育、卫健、住建、水利、民政")

    SCOPE_FIELD = "county__code"

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["county_id", "name"]
        permissions = [(DEPARTMENT_PERMISSION, "以本单位身份整改问题")]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="department_unique_per_county")]

    def __str__(self):
        return f"{self.county.name}{self.name}"
