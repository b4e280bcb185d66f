"""URL map: admin, i18n, the API."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import include, path

from fixloop.config.api import api

urlpatterns = [
    path("", lambda request: HttpResponseRedirect("/portal/")),
    path("", include("fixloop.ops.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("accounts/2fa/", include("fixloop.accounts.urls")),
    path("accounts/", include("fixloop.web.urls")),
    path("console/", include("fixloop.console.urls")),
    path("portal/", include("fixloop.portal.urls")),
    path("audit/", include("fixloop.audit.urls")),
    path("privacy/", include("fixloop.privacy.urls")),
    path("conversations/", include("fixloop.conversations.urls")),
    path("notifications/", include("fixloop.notifications.urls")),
    path("sla/", include("fixloop.sla.urls")),
    path("mail/", include("fixloop.mailin.urls")),
    path("aftercare/", include("fixloop.aftercare.urls")),
    path("parts/", include("fixloop.parts.urls")),
    path("documents/", include("fixloop.documents.urls")),
    path("costs/", include("fixloop.workorders.urls")),
    path("scheduling/", include("fixloop.scheduling.urls")),
    path("kb/", include("fixloop.kb.urls")),
    path("complaints/", include("fixloop.complaints.urls")),
    path("surveys/", include("fixloop.surveys.urls")),
    path("analytics/", include("fixloop.analytics.urls")),
    # Uploaded files only through permission checks; MEDIA_ROOT itself is never served.
    path("files/", include("fixloop.web.download_urls")),
]
