"""URL map: admin, i18n, the API."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import include, path

from fixloop.config.api import api

urlpatterns = [
    path("", lambda request: HttpResponseRedirect("/portal/")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("accounts/", include("fixloop.web.urls")),
    path("console/", include("fixloop.console.urls")),
    path("portal/", include("fixloop.portal.urls")),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
