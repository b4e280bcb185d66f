"""Two-factor pages: set up an authenticator, enter the code at sign-in, and the managers' staff list."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.accounts import twofactor
from fixloop.accounts.forms import CodeForm
from fixloop.accounts.models import User
from fixloop.accounts.roles import STAFF_ROLES, Role
from fixloop.core.errors import DomainError
from fixloop.web.access import home_for, request_actor, role_required, safe_next, staff_required


def _next(request) -> str:
    return safe_next(request, home_for(request.user))


@staff_required
def setup(request):
    """Show the state; start an enrolment (new key and QR code) and confirm it with a first code."""
    user = request.user
    form = CodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("step") == "confirm" and form.is_valid():
        try:
            twofactor.confirm_enrolment(user=user, token=form.cleaned_data["token"], request=request)
        except DomainError as exc:
            form.add_error("token", str(exc.message))
        else:
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(_next(request))
    device = twofactor.confirmed_device(user)
    pending = None
    if device is None and (request.method == "POST" or twofactor.session_pending(request)):
        pending = twofactor.start_enrolment(user=user) if request.POST.get("step") != "confirm" else None
        if pending is None:
            pending = user.totpdevice_set.filter(confirmed=False).order_by("-id").first()
    context = {
        "device": device,
        "pending": pending,
        "qr": twofactor.qr_svg(pending) if pending else "",
        "secret": _base32(pending) if pending else "",
        "form": form,
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/2fa_setup.html", context)


def _base32(device) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode()


def verify(request):
    """The second step of signing in for a user with an authenticator."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not twofactor.session_pending(request):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.verify(user=request.user, token=form.cleaned_data["token"], request=request)
        except DomainError as exc:
            form.add_error("token", str(exc.message))
        else:
            return redirect(_next(request))
    return render(request, "accounts/2fa_verify.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
@staff_required
def disable(request):
    form = CodeForm(request.POST)
    try:
        twofactor.disable(user=request.user, token=form.data.get("token", ""), request=request)
    except DomainError as exc:
        messages.warning(request, str(exc.message))
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:2fa")


@role_required(Role.MANAGER)
def staff(request):
    """Managers: who has an authenticator, and whose sign-in requires one."""
    rows = (
        User.objects.filter(role__in=STAFF_ROLES, is_active=True)
        .prefetch_related("totpdevice_set")
        .order_by("username")
    )
    return render(request, "accounts/2fa_staff.html", {"rows": rows})


@require_POST
@role_required(Role.MANAGER)
def require(request, user_id: int):
    required = request.POST.get("required") == "1"
    try:
        twofactor.set_required(
            actor=request_actor(request), user_id=user_id, required=required, request=request
        )
    except DomainError as exc:
        messages.warning(request, str(exc.message))
    return redirect("accounts:2fa_staff")
