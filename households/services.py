from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.roles import Capability
from accounts.scoping import can
from audit.services import acting_as, record_reveal

from . import imports
from .models import Household
from .selectors import may_import, may_reveal


def import_roster(upload, *, by) -> dict:
    """Apply a previewed roster; the import itself checks every household and village it touches."""
    if not may_import(by):
        raise PermissionDenied("没有导入花名册的权限")
    return imports.apply(by, upload)


@transaction.atomic
def save_household(household: Household, *, by) -> Household:
    """Create or change one household (the admin form); the actor must administer its village
    before and after, and the write is audited under the actor's name."""
    before = Household.objects.filter(pk=household.pk).values_list("village_id", flat=True).first() \
        if household.pk else None
    for code in {household.village_id, before} - {None}:
        if not can(by, code, Capability.ADMINISTER):
            raise PermissionDenied("不在您的管辖范围内")
    with acting_as(by):
        household.save()
    return household


@transaction.atomic
def reveal_personal(household: Household, *, by, field: str, reason: str) -> str:
    """The clear value of one personal field, recorded (who, whom, when, why, what) before it is returned."""
    if field not in Household.PERSONAL_FIELDS:
        raise ValueError(field)
    if not may_reveal(by, household):
        raise PermissionDenied("您的角色不能查看完整的个人信息")
    record_reveal(household, by=by, field=field, reason=reason)
    return household.clear_value(field)


