"""Personal data pages, mounted at /privacy/."""

from django.urls import path

from fixloop.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.my_data, name="mine"),
    path("export.json", views.my_export, name="export"),
    path("requests/<int:request_id>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:request_id>/<str:decision>/", views.decide, name="decide"),
]
