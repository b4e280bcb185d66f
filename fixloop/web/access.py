"""Who is signed in, as an Actor, and the role checks the console and the portal share."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from fixloop.accounts.actor import USER_RELATED, Actor
from fixloop.accounts.models import User
from fixloop.accounts.roles import STAFF_ROLES, Role


def safe_next(request, default: str, target: str | None = None, *, within: str = "/") -> str:
    """Where a form's `next` may send the user back: a path on this site under `within`, else `default`.

    Anything else (another host, a scheme, a bare word that is no URL) would be an open redirect or an error.
    """
    if target is None:
        target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith(within) and not target.startswith("//") else default


def request_actor(request) -> Actor:
    """The signed-in user as an Actor (one query, cached on the request)."""
    if not hasattr(request, "_fixloop_actor"):
        user = User.objects.select_related(*USER_RELATED).get(pk=request.user.pk)
        request._fixloop_actor = Actor.for_user(user)
    return request._fixloop_actor


# Staff whose daily work starts somewhere other than the order queue.
STAFF_HOMES = {Role.WAREHOUSE: "parts:stock"}


def home_for(user) -> str:
    """Where a user lands after signing in: the warehouse at its stock, other staff in the console's queue,
    customers in the portal."""
    role = getattr(user, "role", None)
    if role in STAFF_HOMES:
        return reverse(STAFF_HOMES[role])
    return "/console/" if role in STAFF_ROLES else "/portal/"


def role_required(*roles: str):
    """Signed in with one of `roles`; anyone else is sent to the sign-in page or to their own home."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in roles:
                home = home_for(request.user)
                if request.path == home:
                    # No area fits this role (e.g. a partner's user): refuse instead of looping.
                    raise PermissionDenied
                return redirect(home)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = role_required(*STAFF_ROLES)
customer_required = role_required(Role.CUSTOMER)
