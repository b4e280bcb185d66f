"""Analytics pages, mounted at /analytics/."""

from django.urls import path

from fixloop.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("scorecards/", views.scorecards_page, name="scorecards"),
    path("quality/", views.quality_page, name="quality"),
    path("import/", views.import_page, name="import"),
    path("export/<str:report>.<str:fmt>", views.export, name="export"),
]
