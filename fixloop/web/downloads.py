"""Uploaded files, each behind the rule of the object that owns it (the media folder is never public).

An order's photo goes to whoever may see the order (the same `order_scope` as the order pages), a mail's
attachment to mail staff, a help article's picture to everyone once the article is published (to staff
before), a proof of purchase to the device's owner and to staff who see one of its orders. Anyone else
gets a plain 404, as for the objects themselves; someone not signed in is first sent to sign in.
"""

import mimetypes

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.views.decorators.http import require_safe

from fixloop.accounts.roles import STAFF_ROLES, Role
from fixloop.catalog.models import Device
from fixloop.core.errors import DomainError
from fixloop.kb.models import ArticleImage, ArticleStatus
from fixloop.mailin import services as mail_services
from fixloop.mailin.models import InboundAttachment
from fixloop.web.access import request_actor
from fixloop.web.filesend import send_file
from fixloop.workorders.models import Attachment, WorkOrder
from fixloop.workorders.permissions import order_scope


def _signed_in_actor(request):
    """The actor, or None for a visitor (who is sent to sign in)."""
    if not request.user.is_authenticated:
        return None
    return request_actor(request)


def _visible_orders(actor):
    if actor.role == Role.PARTNER and actor.partner is None:
        return WorkOrder.objects.none()  # a partner's web user has no key to scope by: sees nothing
    return WorkOrder.objects.filter(order_scope(actor))


def _guessed_type(name: str) -> str:
    """For files stored without a type: a guess from the (server-chosen) name, re-checked by send_file."""
    return mimetypes.guess_type(name)[0] or ""


def _base_name(name: str) -> str:
    return name.rsplit("/", 1)[-1]


@require_safe
def order_attachment(request, pk: int):
    actor = _signed_in_actor(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    visible = _visible_orders(actor).values("pk")
    attachment = Attachment.objects.filter(pk=pk, order__in=visible).first()
    if attachment is None:
        raise Http404
    return send_file(
        attachment.file, declared_type=attachment.content_type, filename=attachment.original_name
    )


@require_safe
def mail_attachment(request, pk: int):
    actor = _signed_in_actor(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    item = InboundAttachment.objects.filter(pk=pk).first()
    try:
        # The same check as the mail page: mail staff only, others learn nothing.
        mail_services.require_mail_staff(actor)
    except DomainError as exc:
        raise Http404 from exc
    if item is None:
        raise Http404
    return send_file(item.file, declared_type=item.content_type, filename=item.filename)


@require_safe
def article_image(request, pk: int):
    image = ArticleImage.objects.select_related("article").filter(pk=pk).first()
    if image is None:
        raise Http404
    published = image.article.status == ArticleStatus.PUBLISHED
    if not published and getattr(request.user, "role", None) not in STAFF_ROLES:
        raise Http404  # drafts are staff business; a visitor is not even told to sign in
    name = image.file.name
    return send_file(image.file, declared_type=_guessed_type(name), filename=_base_name(name))


def _may_see_device_files(actor, device: Device) -> bool:
    if actor.role == Role.MANAGER:
        return True
    if actor.role == Role.CUSTOMER:
        return actor.customer_id is not None and device.owner_id == actor.customer_id
    return _visible_orders(actor).filter(device=device).exists()


@require_safe
def purchase_proof(request, pk: int):
    actor = _signed_in_actor(request)
    if actor is None:
        return redirect_to_login(request.get_full_path())
    device = Device.objects.filter(pk=pk).exclude(purchase_proof="").first()
    if device is None or not _may_see_device_files(actor, device):
        raise Http404
    name = device.purchase_proof.name
    return send_file(device.purchase_proof, declared_type=_guessed_type(name), filename=_base_name(name))
