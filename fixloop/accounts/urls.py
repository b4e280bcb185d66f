"""Two-factor sign-in pages, mounted at /accounts/2fa/."""

from django.urls import path

from fixloop.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.setup, name="2fa"),
    path("verify/", views.verify, name="2fa_verify"),
    path("disable/", views.disable, name="2fa_disable"),
    path("staff/", views.staff, name="2fa_staff"),
    path("staff/<int:user_id>/", views.require, name="2fa_require"),
]
