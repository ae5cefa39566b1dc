from django.contrib import admin

from accounts.admin import ReadOnlyForStaff

from .models import ChecklistTemplate, Question, Section, Submission


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["position", "key", "text", "standard", "kind", "category", "department", "co_departments"]
    extra = 0
    can_delete = False


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    """Templates come from checklists/data via load_checklists; the admin only shows them."""

    list_display = ["name", "code", "version", "level", "source"]
    list_filter = ["level", "code"]
    inlines = [QuestionInline]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyForStaff):
    list_display = ["template", "unit", "department", "household", "status", "checker", "reviewer", "updated_at"]
    list_filter = ["status", "template__code"]
    list_select_related = ["template", "unit", "department__county", "household", "checker", "reviewer"]
    raw_id_fields = ["campaign", "template", "unit", "department", "household", "checker", "reviewer", "updated_by"]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False  # filling and review go through the pages, which keep the audit trail

