from django.contrib import admin

from accounts.admin import ReadOnlyForStaff

from .models import ExtensionRequest, Measure, Problem, ProblemCoDepartment, ProblemEvent


class EventInline(admin.TabularInline):
    model = ProblemEvent
    fields = ["at", "by", "action", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CoDepartmentInline(admin.TabularInline):
    model = ProblemCoDepartment
    fields = ["department"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ExtensionInline(admin.TabularInline):
    model = ExtensionRequest
    fields = ["requested_at", "requested_by", "current_deadline", "proposed_deadline", "reason", "status",
              "decided_by", "decided_at", "decision_note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MeasureInline(admin.TabularInline):
    model = Measure
    fields = ["position", "content", "responsible_person", "responsible_user", "deadline", "done_at", "done_by",
              "result"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Problem)
class ProblemAdmin(ReadOnlyForStaff):
    """Read-only: every change of a problem goes through the ledger pages, which record its history."""

    list_display = ["display_number", "unit", "category", "source", "department", "status", "deadline"]
    list_filter = ["status", "source", "mode"]
    search_fields = ["description", "category"]
    list_select_related = ["campaign", "unit", "department"]
    exclude = ["reporter_contact_cipher"]
    raw_id_fields = ["campaign", "unit", "household", "submission", "department", "found_by", "rectified_by",
                     "closed_by", "carried_from", "responsible_user"]
    inlines = [CoDepartmentInline, MeasureInline, ExtensionInline, EventInline]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False
