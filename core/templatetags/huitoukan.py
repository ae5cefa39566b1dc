from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag
def optional_static(path: str) -> str:
    """The URL of a static file that may be absent (Chart.js without npm at install): "" instead of
    the manifest storage's ValueError, so a page without the optional library still renders."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        return staticfiles_storage.url(path)
    except ValueError:
        return ""
