from django.contrib import admin

from accounts.admin import ScopedAdmin

from . import services
from .forms import HouseholdAdminForm
from .models import Household


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    form = HouseholdAdminForm
    list_display = ["number", "head_name", "id_number_masked", "kind", "village", "members", "members_able_to_work"]
    list_filter = ["kind", "has_elderly", "has_disabled", "has_petitioner", "has_special_hardship"]
    search_fields = ["number", "head_name"]
    readonly_fields = ["id_number_masked", "helper", "created_at", "updated_at"]
    autocomplete_fields = ["village"]
    list_select_related = ["village"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["number", "village", "head_name", "id_number", "id_number_masked", "kind", "phone"]}),
        ("人口", {"fields": ["members", "members_able_to_work"]}),
        ("重点人员", {"fields": ["has_elderly", "has_disabled", "has_petitioner", "has_special_hardship"]}),
        ("帮扶", {"fields": ["helper", "helper_name", "helper_phone"],
                  "description": "帮扶责任人账号在“入户走访 › 指派帮扶责任人”中指派"}),
        ("记录", {"fields": ["created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        services.save_household(obj, by=request.user)
