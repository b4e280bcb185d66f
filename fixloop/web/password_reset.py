"""Forgotten passwords, for customers and staff alike: Django's token links, rate-limited, audited for staff.

The request page answers the same whether or not an account has the address (no account enumeration),
and it does the same work either way: it only writes an outbox row with the typed address, in its own
transaction. The worker then looks the address up, mails each account its link over SMTP and audits
staff accounts, so neither the answer nor its timing tells whether the account exists. The link itself
is made by the worker and never stored (not in the outbox, not in the notification delivery log).
The limits count every request, per client address and per email address, known or not. A link works
once, for PASSWORD_RESET_TIMEOUT, and is built from FIXLOOP_SITE_URL, never from the request's Host.
Setting a new password ends the account's other sessions (Django's session hash) and its API tokens.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template import loader
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from fixloop.accounts.models import ApiToken
from fixloop.accounts.roles import STAFF_ROLES
from fixloop.audit.services import Kind, client_ip, record
from fixloop.core import outbox
from fixloop.core.models import OutboxMessage
from fixloop.notifications.channels import EmailChannel
from fixloop.notifications.channels.base import Message

log = logging.getLogger(__name__)

TOPIC = "accounts.password_reset"
EMAIL_TEMPLATE = "web/password_reset_email.txt"
SUBJECT_TEMPLATE = "web/password_reset_subject.txt"


def _normalised_email(request) -> str:
    return (request.POST.get("email") or "").strip().lower()[:254]


def reset_rate_limited(request) -> bool:
    """Count this request against the client's address and the typed email; True once either is over."""
    rates = settings.FIXLOOP
    by_ip = is_ratelimited(
        request, group="password-reset-ip", key="ip", rate=rates["PASSWORD_RESET_RATE"], increment=True
    )
    by_email = is_ratelimited(
        request,
        group="password-reset-email",
        key=lambda group, req: _normalised_email(req),
        rate=rates["PASSWORD_RESET_EMAIL_RATE"],
        increment=True,
    )
    return by_ip or by_email


class ResetRequestForm(auth_forms.PasswordResetForm):
    """Django's form, mailing each account in its own language and auditing staff accounts.

    Only the worker calls `save()` (see `send_reset_links`); the page only validates the address.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.staff_users = []

    def get_users(self, email):
        for user in super().get_users(email):
            if user.role in STAFF_ROLES:
                self.staff_users.append(user)
            yield user

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):  # fmt: skip
        language = getattr(context.get("user"), "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        result = EmailChannel.from_settings().send(
            Message(recipient=to_email, subject=subject, body=body, language=language)
        )
        if result.retryable:
            raise RuntimeError(f"password reset mail not sent, will retry: {result.detail}")
        if not result.ok:  # a refused address: trying again cannot help
            log.warning("password reset mail to user %s refused: %s", context["user"].pk, result.detail)


class ResetRequestView(auth_views.PasswordResetView):
    template_name = "web/password_reset_form.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("web:password_reset_done")

    def post(self, request, *args, **kwargs):
        if reset_rate_limited(request):
            form = self.get_form()
            form.is_valid()  # field errors first; the limit is said once, above the form
            form.add_error(None, _("Too many reset requests; please try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # No lookup here: known and unknown addresses cost the request the same one insert.
        with transaction.atomic():
            outbox.enqueue(TOPIC, {"email": form.cleaned_data["email"], "ip": client_ip(self.request)})
        return HttpResponseRedirect(self.get_success_url())


def send_reset_links(message) -> None:
    """Outbox handler: mail a reset link to each active account with the address; audit staff ones."""
    form = ResetRequestForm({"email": message.payload.get("email", "")})
    if not form.is_valid():  # also a row already handled (its address forgotten, below)
        return
    # The link's host comes from the configuration: a forged Host header cannot redirect it.
    site_url = settings.FIXLOOP_NOTIFY["SITE_URL"].rstrip("/")
    site = urlsplit(site_url)
    form.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        subject_template_name=SUBJECT_TEMPLATE,
        email_template_name=EMAIL_TEMPLATE,
        extra_email_context={"site_url": site_url},
    )
    for user in form.staff_users:
        record(Kind.PASSWORD_RESET, actor=None, actor_label=user.get_username(), target=user,
               details={"step": "link_sent"}, ip=message.payload.get("ip"))  # fmt: skip
    # The outbox keeps its rows: it need not keep who asked, nor an address typed for nobody.
    OutboxMessage.objects.filter(pk=message.pk).update(payload={})


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "web/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "web/password_reset_confirm.html"
    success_url = reverse_lazy("web:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        # A new password must lock out whoever knew the old one, API clients included.
        revoked, _by_model = ApiToken.objects.filter(user=user).delete()
        if user.role in STAFF_ROLES:
            record(Kind.PASSWORD_RESET, actor=user, request=self.request, target=user,
                   details={"step": "password_set", "api_tokens_revoked": revoked})  # fmt: skip
        return response


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "web/password_reset_complete.html"
