"""Sign-in and sign-out: one login page for everyone; the role decides where they land."""

from django.contrib.auth import views as auth_views

from fixloop.web.access import home_for


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return home_for(self.request.user)


class LogoutView(auth_views.LogoutView):
    next_page = "web:login"
