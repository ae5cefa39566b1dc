"""A write refused because its campaign is closed: one answer for every page, in Chinese.

The refusal is raised once, at the entrance of the write services (core.guards.require_open); no
view catches it: this middleware turns it into a message on the page the user came from."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRefresh

from core.guards import CampaignFrozen


class CampaignFrozenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CampaignFrozen):
            return None
        if "application/json" in request.headers.get("Accept", "") or request.path.startswith("/api/"):
            return JsonResponse({"detail": str(exception)}, status=409)
        messages.error(request, str(exception))
        if getattr(request, "htmx", False):  # a fragment's request (the review queue): the page reloads with the message
            return HttpResponseClientRefresh()
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
            back = request.path
        return redirect(back)
