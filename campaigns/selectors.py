"""The read gate of campaigns: every campaign a page shows is fetched here, for the acting user."""

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.http import Http404

from accounts.roles import Capability
from accounts.scoping import can, grants_of, holds, scope_overlapping
from accounts.unit_access import get_unit_for
from checklists.access import submissions_for
from checklists.models import FormLevel, Submission
from units import codes
from units.models import AdminUnit

from .models import Campaign, CampaignForm

S = Submission.Status


def campaigns_for(user):
    """Campaigns over the user's units or above them (a county campaign reaches its townships)."""
    return scope_overlapping(user, Campaign.objects.select_related("scope_unit", "issuing_unit"))


def get_campaign_for(user, pk) -> Campaign:
    try:
        campaign = campaigns_for(user).filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError):  # an id from a form field: "   ", "abc", 10**30
        campaign = None
    if campaign is None:
        raise Http404("不存在或不在您的管辖范围内")
    return campaign


def entry_unit_code(user, campaign: Campaign) -> str:
    """The highest unit of the campaign the user may see: the campaign's own scope, or the unit
    of the user's first grant inside it. 404 when the user sees none of it."""
    if can(user, campaign.scope_unit_id):
        return campaign.scope_unit_id
    for grant in grants_of(user):
        if codes.is_within(grant.unit_code, campaign.scope_unit_id):
            return grant.unit_code
    raise Http404("不存在或不在您的管辖范围内")


def get_campaign_unit_for(user, pk, code) -> tuple[Campaign, AdminUnit]:
    """The campaign and one of its units, both within the user's scope (404 otherwise)."""
    campaign = get_campaign_for(user, pk)
    unit = get_unit_for(user, code)
    if not unit.is_within(campaign.scope_unit_id):
        raise Http404("不存在或不在您的管辖范围内")
    return campaign, unit


def may_carry_over(user, campaign: Campaign) -> bool:
    return can(user, campaign.scope_unit_id, Capability.MANAGE)


def can_create_campaigns(user) -> bool:
    return holds(user, Capability.MANAGE)


def campaign_forms_for(user, campaign: Campaign) -> list[CampaignForm]:
    """The forms of the campaign, each with whom it must reach; none when the user may not see it."""
    visible = campaigns_for(user).filter(pk=campaign.pk).values("pk")
    return list(CampaignForm.objects.filter(campaign__in=visible).select_related("template"))


def progress_by_child(campaign, unit: AdminUnit) -> list[dict]:
    """Per child unit: household forms to do, filled, submitted, approved, returned, key coverage."""
    children = list(unit.children.order_by("code"))
    if not children:
        return []
    width = len(children[0].code)
    rows = (
        Submission.objects.filter(campaign=campaign, unit__code__subtree=unit.code,
                                  template__level=FormLevel.HOUSEHOLD)
        .annotate(child=Substr("unit_id", 1, width))
        .values("child")
        .annotate(
            total=Count("pk"),
            started=Count("pk", filter=~Q(status=S.NOT_STARTED)),
            submitted=Count("pk", filter=Q(status__in=[S.SUBMITTED, S.APPROVED])),
            approved=Count("pk", filter=Q(status=S.APPROVED)),
            returned=Count("pk", filter=Q(status=S.RETURNED)),
            key_total=Count("pk", filter=Q(is_key=True)),
            key_done=Count("pk", filter=Q(is_key=True, status__in=[S.SUBMITTED, S.APPROVED])),
        )
    )
    by_child = {row["child"]: row for row in rows}
    empty = {"total": 0, "started": 0, "submitted": 0, "approved": 0, "returned": 0, "key_total": 0, "key_done": 0}
    return [{"unit": child, **by_child.get(child.code, empty)} for child in children]


def unit_forms(user, campaign, unit: AdminUnit) -> tuple[list[Submission], list[Submission]]:
    """The campaign's forms about the unit itself (village, township or county form), and on a county
    the forms of its departments, each as far as the user may see them: a department sees its own
    form, never another department's."""
    forms = (
        submissions_for(user).filter(campaign=campaign, unit=unit, household__isnull=True)
        .select_related("template", "department")
        .order_by(F("department__name").asc(nulls_first=True), "template__code")
    )
    own, departments = [], []
    for form in forms:
        (departments if form.department_id else own).append(form)
    return own, departments


def household_forms(campaign, village: AdminUnit):
    return (
        Submission.objects.filter(campaign=campaign, unit=village, household__isnull=False)
        .select_related("household", "template")
        .order_by("-is_key", "household__number")
    )
