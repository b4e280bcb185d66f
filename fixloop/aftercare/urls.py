"""Maintenance and follow-up pages, mounted at /aftercare/."""

from django.urls import path

from fixloop.aftercare import views

app_name = "aftercare"
urlpatterns = [
    path("followups/", views.followup_list, name="followups"),
    path("followups/<int:pk>/", views.followup_detail, name="followup"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/active/", views.plan_active, name="plan_active"),
]
