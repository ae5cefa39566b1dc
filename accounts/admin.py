from django.contrib import admin
from django.http import Http404

from .models import DepartmentGrant, UnitGrant
from .roles import Capability
from .scoping import can, scope, scope_codes, unit_code_of

admin.site.site_header = "回头看 管理后台"
admin.site.site_title = "回头看"
admin.site.index_title = "数据维护"


class ScopedAdmin(admin.ModelAdmin):
    """Admin pages for non-superusers go through the same scoping as every page.

    Viewing needs any role; adding and changing need the ADMINISTER capability on the
    row's unit; deleting is for superusers. A row outside the scope answers 404.
    """

    def get_queryset(self, request):
        return scope(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("不存在或不在您的管辖范围内")
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related, "SCOPE_FIELD") and "queryset" not in kwargs:
            kwargs["queryset"] = scope(request.user, related._default_manager.all(), Capability.ADMINISTER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return self._has_any_role(request)

    def has_view_permission(self, request, obj=None):
        return self._has_any_role(request)

    def has_add_permission(self, request):
        return request.user.is_superuser or bool(scope_codes(request.user, Capability.ADMINISTER))

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        if obj is None:
            return bool(scope_codes(request.user, Capability.ADMINISTER))
        return can(request.user, unit_code_of(obj), Capability.ADMINISTER)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def _has_any_role(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or bool(scope_codes(user)))


class ReadOnlyForStaff(ScopedAdmin):
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(UnitGrant)
class UnitGrantAdmin(ReadOnlyForStaff):
    list_display = ["user", "permission", "content_object"]
    list_select_related = ["user", "permission", "content_object"]
    search_fields = ["user__username", "content_object__name", "content_object__code"]
    autocomplete_fields = ["content_object"]
    raw_id_fields = ["user"]


@admin.register(DepartmentGrant)
class DepartmentGrantAdmin(ReadOnlyForStaff):
    list_display = ["user", "permission", "content_object"]
    list_select_related = ["user", "permission", "content_object__county"]
    search_fields = ["user__username", "content_object__name"]
    raw_id_fields = ["user"]
