"""Sign-in URLs, mounted at /accounts/."""

from django.urls import path

from fixloop.web import password_reset as reset
from fixloop.web import views

app_name = "web"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", reset.ResetRequestView.as_view(), name="password_reset"),
    path("password-reset/sent/", reset.ResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", reset.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", reset.ResetCompleteView.as_view(), name="password_reset_complete"),
]
