from accounts.roles import Capability
from accounts.scoping import holds, scope_overlapping

from django.http import Http404

from .models import Campaign


def campaigns_for(user):
    return scope_overlapping(user, Campaign.objects.select_related("scope_unit", "issuing_unit"))


def get_campaign_for(user, pk) -> Campaign:
    campaign = campaigns_for(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404("不存在或不在您的管辖范围内")
    return campaign


def can_create_campaigns(user) -> bool:
    return holds(user, Capability.MANAGE)
