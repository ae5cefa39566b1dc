from django import template

from checklists.rendering import questions_html

register = template.Library()


@register.simple_tag
def questions(sections, may_fill):
    """The form's questions (see checklists/rendering.py for why this is not a template loop)."""
    return questions_html(sections, bool(may_fill))
