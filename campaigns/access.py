"""Kept for the apps that import the campaign gate from here; it lives in selectors.py."""

from .selectors import campaigns_for, can_create_campaigns, get_campaign_for

__all__ = ["campaigns_for", "can_create_campaigns", "get_campaign_for"]
