from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The baseline: the same server, middleware and session, no work of ours."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("huitoukan.urls")),
]
