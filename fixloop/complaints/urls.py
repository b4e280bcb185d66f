"""Complaints pages, mounted at /complaints/."""

from django.urls import path

from fixloop.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.console_list, name="list"),
    path("new/", views.console_new, name="new"),
    path("export.<str:fmt>", views.console_export, name="export"),
    path("c/<str:number>/", views.console_detail, name="detail"),
    path("c/<str:number>/act/<str:action>/", views.console_action, name="action"),
    path("c/<str:number>/owner/", views.console_owner, name="owner"),
    path("c/<str:number>/actions/", views.console_add_action, name="add_action"),
    path(
        "c/<str:number>/actions/<int:action_id>/done/", views.console_complete_action, name="complete_action"
    ),
    path("mine/", views.portal_list, name="portal_list"),
    path("mine/new/", views.portal_new, name="portal_new"),
    path("mine/<str:number>/", views.portal_detail, name="portal_detail"),
]
