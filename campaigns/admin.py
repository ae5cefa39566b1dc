from django.contrib import admin

from accounts.admin import ReadOnlyForStaff

from .models import Campaign, CampaignForm, Phase, Training


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0
    raw_id_fields = ["attendees", "created_by"]


class CampaignFormInline(admin.TabularInline):
    model = CampaignForm
    extra = 0
    raw_id_fields = ["template"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyForStaff):
    list_display = ["name", "document_number", "scope_unit", "year", "work_ready"]
    list_filter = ["year"]
    search_fields = ["name", "document_number"]
    list_select_related = ["scope_unit"]
    inlines = [CampaignFormInline, PhaseInline, TrainingInline]
    raw_id_fields = ["issuing_unit", "scope_unit", "created_by", "copied_from"]
