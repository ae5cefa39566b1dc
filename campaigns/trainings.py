"""大培训: who may record a campaign's trainings, whom they may name as attendees, and the submit gate
of a campaign that requires its checkers to be trained (方城 五(一): 培训人员, then 进村入户)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.roles import Capability
from accounts.scoping import scope_codes
from units import codes

from .models import Campaign, Training


def managed_parts(user, campaign: Campaign) -> list[str]:
    """The subtrees of the campaign the user manages: its scope (an office at or above it), or the
    units of the user's MANAGE grants inside it (a county office in a city campaign)."""
    scope = campaign.scope_unit_id
    if user.is_active and user.is_superuser:
        return [scope]
    parts = []
    for code in scope_codes(user, Capability.MANAGE):
        if codes.is_within(scope, code):
            return [scope]
        if codes.is_within(code, scope):
            parts.append(code)
    return parts


def may_manage_trainings(user, campaign: Campaign) -> bool:
    return bool(managed_parts(user, campaign))


def attendee_candidates(user, campaign: Campaign):
    """Active accounts holding a role on a unit of the part of the campaign the user manages."""
    condition = Q()
    for code in managed_parts(user, campaign):
        condition |= Q(unitgrant__content_object__code__subtree=code)
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(condition).distinct().order_by("username") if condition else users.none()


def trainings_of(campaign: Campaign):
    return Training.objects.filter(campaign=campaign).prefetch_related("attendees")


def training_refusal(submission, by) -> str:
    """The submit gate: "" unless the campaign requires training and `by` attended none of its sessions."""
    campaign = submission.campaign
    if not campaign.require_training:
        return ""
    if Training.objects.filter(campaign=campaign, attendees=by).exists():
        return ""
    sessions = list(Training.objects.filter(campaign=campaign).order_by("held_on", "pk"))
    if not sessions:
        return (f"“{campaign.name}”要求排查人员先参加培训后再提交，但尚未登记任何培训。"
                "请联系办公室安排培训；本表可以先保存草稿。")
    named = "、".join(f"{s.held_on:%Y-%m-%d}“{s.topic}”" for s in sessions)
    return (f"“{campaign.name}”要求排查人员先参加培训后再提交：您未参加本次培训（{named}），"
            "请参加培训并由办公室登记后再提交；本表可以先保存草稿。")
