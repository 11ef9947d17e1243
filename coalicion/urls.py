from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from coalicion.health import health
from members import views as member_views
from portal import views as portal_views

handler400 = "common.errors.bad_request"
handler403 = "common.errors.permission_denied"
handler404 = "common.errors.page_not_found"
handler500 = "common.errors.server_error"

admin.site.site_header = _("Regional Coalition · administration")
admin.site.site_title = _("Regional Coalition")

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("privacy/", portal_views.privacy, name="privacy"),
    path("", include("portal.public_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("members/", include("members.urls")),
    path("meetings/", include("meetings.urls")),
    path("event-management/", include("events.urls")),
    path("presidency/", include("presidency.urls")),
    path("communiques/", include("communications.urls.communiques")),
    path("notices/", include("communications.urls.deliveries")),
    path("archive/", include("communications.urls.archive")),
    path("public-pages/", include("communications.urls.public")),
    path("plans/", include("plans.urls")),
    path("directory/", include("directories.urls.contacts")),
    path("legislation/", include("directories.urls.legislation")),
    path("statistics/", include("stats.urls")),
    path("indicators/", include("portal.urls")),
    path("results/", include("portal.results_urls")),
    # The report jobs lived under /monitoring/reports/ before they became an app (issue 15).
    path(
        "monitoring/reports/",
        login_required(RedirectView.as_view(pattern_name="reports:job-list", permanent=True)),
    ),
    path(
        "monitoring/reports/jobs/<int:pk>/",
        login_required(RedirectView.as_view(pattern_name="reports:job-detail", permanent=True)),
    ),
    path("monitoring/", include("monitoring.urls")),
    path("reports/", include("reports.urls")),
    path("history/", member_views.history_list, name="history"),
    path(
        "history/<str:app_label>/<str:model_name>/<int:pk>/",
        member_views.history_detail,
        name="history-detail",
    ),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("coalicion.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
