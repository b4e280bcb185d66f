"""Sign-in and sign-out: one login page for everyone; the role decides where they land."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from fixloop.web.access import home_for


class LoginForm(AuthenticationForm):
    """Anyone signs in with a username, a mobile number or an email address (see PhoneOrEmailBackend)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username, mobile number or email")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return home_for(self.request.user)


class LogoutView(auth_views.LogoutView):
    next_page = "web:login"
