"""The one way a view answers both a whole page and, for htmx, a part of it (`{% partialdef %}`)."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_page_or_part(request, template: str, part: str, context: dict, *, status: int = 200):
    """The page, or only its `part` when htmx asks (not when it restores history: going back wants the
    whole page). The two are answers of one URL, so the response varies on HX-Request."""
    fragment = request.htmx and not request.htmx.history_restore_request
    response = render(request, f"{template}#{part}" if fragment else template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
