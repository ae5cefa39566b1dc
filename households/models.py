from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from audit.masking import mask_phone

from . import idnumber
from .validators import validate_household_number, validate_name, validate_phone

TAKEN = "户编号或身份证号已被占用，请联系县级办公室核实"  # the same words whether the other household is visible or not


class HouseholdQuerySet(models.QuerySet):
    def in_subtree(self, code: str):
        return self.filter(village__code__subtree=code)

    def with_key_persons(self):
        return self.filter(
            Q(has_elderly=True) | Q(has_disabled=True) | Q(has_petitioner=True) | Q(has_special_hardship=True)
        )


class Household(models.Model):
    class Kind(models.TextChoices):
        POVERTY_EXITED = "poverty_exited", "脱贫户"
        MONITORED = "monitored", "监测户"
        TEN_GROUPS = "ten_groups", "十类群体户"
        LOW_INCOME = "low_income", "低收入户"
        GENERAL = "general", "一般户"

    number = models.CharField("户编号", max_length=30, unique=True, help_text="全国防返贫监测信息系统中的户编号",
                              validators=[validate_household_number], error_messages={"unique": TAKEN})
    village = models.ForeignKey(
        "units.AdminUnit", verbose_name="村", on_delete=models.PROTECT, related_name="households",
        limit_choices_to={"level": "village"},
    )
    head_name = models.CharField("户主", max_length=50, validators=[validate_name])
    # The ID number itself is never stored in clear: see households/idnumber.py.
    id_number_masked = models.CharField("身份证号", max_length=18)
    id_number_cipher = models.TextField(editable=False)
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField("户类型", max_length=20, choices=Kind.choices)
    members = models.PositiveSmallIntegerField("家庭人口")
    members_able_to_work = models.PositiveSmallIntegerField("劳动力人数")
    has_elderly = models.BooleanField("老人", default=False)
    has_disabled = models.BooleanField("残疾人", default=False)
    has_petitioner = models.BooleanField("信访人", default=False)
    has_special_hardship = models.BooleanField("特殊困难", default=False)
    # The helper's account, when the helper works in the site (visits/): its name and phone are
    # written into helper_name / helper_phone by the assignment (visits.services.assign_helper).
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="帮扶责任人账号", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="helped_households",
    )
    helper_name = models.CharField("帮扶责任人", max_length=50, blank=True, validators=[validate_name])
    helper_phone = models.CharField("帮扶责任人电话", max_length=20, blank=True, validators=[validate_phone])
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    SCOPE_FIELD = "village__code"
    KEY_PERSON_FIELDS = ("has_elderly", "has_disabled", "has_petitioner", "has_special_hardship")
    # personal fields: shown masked; the clear value only in the response to an audited reveal
    PERSONAL_FIELDS = {"id_number": "户主身份证号", "phone": "联系电话", "helper_phone": "帮扶责任人电话"}

    class Meta:
        verbose_name = "农户"
        verbose_name_plural = "农户"
        ordering = ["village_id", "number"]
        indexes = [models.Index(fields=["village", "kind"], name="household_village_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(members_able_to_work__lte=models.F("members")),
                name="household_workers_within_members",
            ),
        ]

    def __str__(self):
        return f"{self.head_name}（{self.number}）"

    def get_absolute_url(self):
        return reverse("households:detail", args=[self.pk])

    def clean(self):
        if self.members is not None and self.members_able_to_work is not None:
            if self.members_able_to_work > self.members:
                raise ValidationError({"members_able_to_work": "劳动力人数不能超过家庭人口"})
        if self.village_id and len(self.village_id) != 12:
            raise ValidationError({"village": "农户只能属于村级区划"})

    def set_id_number(self, value: str) -> None:
        error = idnumber.validation_error(value)
        if error:
            raise ValidationError({"id_number": error})
        self.id_number_masked = idnumber.mask(value)
        self.id_number_cipher = idnumber.encrypt(value)
        self.id_number_hash = idnumber.lookup_hash(value)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def helper_phone_masked(self) -> str:
        return mask_phone(self.helper_phone)

    def masked(self, field: str) -> str:
        return self.id_number_masked if field == "id_number" else mask_phone(getattr(self, field))

    def clear_value(self, field: str) -> str:
        """The unmasked value of a personal field: call only from the audited reveal service."""
        return idnumber.decrypt(self.id_number_cipher) if field == "id_number" else getattr(self, field)

    @property
    def key_person_labels(self) -> list[str]:
        return [self._meta.get_field(f).verbose_name for f in self.KEY_PERSON_FIELDS if getattr(self, f)]

    @property
    def is_key(self) -> bool:
        return any(getattr(self, f) for f in self.KEY_PERSON_FIELDS)


class RosterUpload(models.Model):
    """An uploaded roster kept between preview and confirmation; never served back."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    counts = models.JSONField(default=dict)
    applied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
