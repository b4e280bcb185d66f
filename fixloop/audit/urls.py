"""Audit log pages, mounted at /audit/."""

from django.urls import path

from fixloop.audit import views

app_name = "audit"
urlpatterns = [path("", views.entry_list, name="list")]
