"""The home page (core, below every app) shows the phase reminders through this tag, not an import."""

from django import template

from ..reminders import current_reminders

register = template.Library()


@register.simple_tag
def phase_reminders_for(user):
    return list(current_reminders(user)[:20]) if user.is_authenticated else []
