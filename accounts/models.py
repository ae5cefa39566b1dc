from django.conf import settings
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


class AccessStamp(models.Model):
    """A per-user counter in the database, raised by every change of the user's grants.

    Cached grants are keyed by it and the user row is loaded with it (accounts.backends), so
    a revocation made in one process is seen by the next request of every process, with or
    without a shared cache. A user without a row is never served from the cache.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, primary_key=True,
        related_name="access_stamp",
    )
    grants_version = models.PositiveBigIntegerField("授权版本", default=0)

    class Meta:
        verbose_name = "授权版本"
        verbose_name_plural = "授权版本"

    def __str__(self):
        return f"{self.user_id}#{self.grants_version}"
