"""For pages of lower apps that link to cases without importing this app: the spot-check comparison's
问责 list links each unit to the case its error rate opened."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def case_of_unit(context, spot_check, unit_code):
    """The error-rate case of this unit and spot check, if the reader may see it (one query per page)."""
    key = ("accountability-cases", spot_check.pk)
    cases = context.render_context.get(key)
    if cases is None:
        cases = context.render_context[key] = selectors.cases_of_spot_check(context["request"].user, spot_check)
    return cases.get(unit_code)


@register.simple_tag(takes_context=True)
def may_see_cases(context) -> bool:
    """Whether the menu shows 问责案件: the offices that hold to account and the discipline office."""
    request = context.get("request")  # the bare 500 page renders without one
    return request is not None and selectors.may_see_cases(request.user)
