from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponsePermanentRedirect
from django.urls import include, path

from core import views as core_views
from huitoukan import homes



def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; answer with the site's icon, not a 404."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("", homes.home, name="home"),
    path("next/", homes.next_household, name="next_household"),
    path("health/", core_views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("units/", include("unitpages.urls")),
    path("households/", include("households.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("submissions/", include("checklists.urls")),
    path("problems/", include("rectification.urls")),
    path("assistance/", include("assistance.urls")),
    path("reports/assistance/", include("exports.assistance_urls")),
    path("dashboards/", include("dashboards.urls")),
    path("exports/", include("exports.urls")),
    path("archives/", include("archives.urls")),
    path("reports/", include("exports.report_urls")),
    path("spotchecks/", include("spotchecks.urls")),
    path("accountability/", include("accountability.urls")),
    path("visits/", include("visits.urls")),
    path("paperwork/", include("paperwork.urls")),
    path("api/", include("huitoukan.api_urls")),
    path("admin/", admin.site.urls),
]
