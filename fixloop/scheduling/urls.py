"""Scheduling pages, mounted at /scheduling/."""

from django.urls import path

from fixloop.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/replan/", views.replan, name="replan"),
    path("plan/sick/", views.report_sick, name="sick"),
    path("plan/pin/", views.pin, name="pin"),
    path("plan/apply/", views.apply, name="apply"),
    path("orders/<str:number>/windows/", views.order_windows, name="order_windows"),
    path("orders/<str:number>/assign/", views.assign_suggested, name="assign"),
    path("portal/orders/<str:number>/windows/", views.portal_windows, name="portal_windows"),
]
