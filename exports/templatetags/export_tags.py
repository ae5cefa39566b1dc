"""What the campaign pages may offer to export (read only; the request is checked again in services)."""

from django import template

from exports.services import joint_forms

register = template.Library()


@register.simple_tag
def joint_export_for(campaign, unit):
    """The county form of the joint 县乡问题排查表 when it can be exported for `unit` (a county), else None."""
    if unit.level != "county":
        return None
    pair = joint_forms(campaign)
    return pair[0] if pair else None
