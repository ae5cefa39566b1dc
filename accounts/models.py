from django.db import models
from guardian.models import UserObjectPermissionBase


class UnitGrant(UserObjectPermissionBase):
    """A role (guardian permission role_<role>) a user holds on a unit and its whole subtree."""

    content_object = models.ForeignKey("units.AdminUnit", verbose_name="区划", on_delete=models.CASCADE)

    SCOPE_FIELD = "content_object__code"

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "区划角色授权"
        verbose_name_plural = "区划角色授权"


class DepartmentGrant(UserObjectPermissionBase):
    """Membership of a county department (责任单位); its county is the user's scope."""

    content_object = models.ForeignKey("units.Department", verbose_name="责任单位", on_delete=models.CASCADE)

    SCOPE_FIELD = "content_object__county__code"

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "责任单位授权"
        verbose_name_plural = "责任单位授权"
