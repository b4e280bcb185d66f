"""Email intake pages, mounted at /mail/."""

from django.urls import path

from fixloop.mailin import views

app_name = "mailin"
urlpatterns = [
    path("inbound/", views.inbound, name="inbound"),
    path("console/", views.mail_list, name="list"),
    path("console/<int:pk>/", views.mail_detail, name="detail"),
    path("console/<int:pk>/retry/", views.mail_retry, name="retry"),
]
