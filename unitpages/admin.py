from django.contrib import admin

from accounts.admin import ScopedAdmin
from units.models import AdminUnit, Department


@admin.register(AdminUnit)
class AdminUnitAdmin(ScopedAdmin):
    list_display = ["code", "name", "level", "village_type", "exit_year", "parent"]
    list_filter = ["level", "village_type"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "level", "parent"]
    list_select_related = ["parent"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # Codes and the tree come from the official division files (load_divisions).
        return [] if obj is None and request.user.is_superuser else self.readonly_fields

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ["name", "county"]
    list_filter = ["name"]
    search_fields = ["name", "county__name"]
    list_select_related = ["county"]
