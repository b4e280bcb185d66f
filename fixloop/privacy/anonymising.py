"""Erase one customer's personal data in place, keeping orders, devices and statistics intact.

Name, phone, email, addresses, signatures, IP addresses, the customer's own free text and the login are
replaced or blanked; the history tables that still hold the old values are purged. Counts, states,
dates, products, faults, costs and scores stay, so every KPI computed before is computed the same after.
"""

from django.contrib.auth.hashers import make_password
from django.db.models import F

from fixloop.accounts.models import ApiToken, User
from fixloop.catalog.models import Device
from fixloop.complaints.models import Complaint
from fixloop.conversations.models import OrderMessage
from fixloop.customers.models import Address, Customer
from fixloop.mailin.models import InboundMail
from fixloop.notifications.models import Delivery
from fixloop.surveys.models import Survey
from fixloop.workorders.models import Acceptance, DataConsent, Handover, QuoteApproval, WorkOrder

REMOVED = "—"


def anonymous_label(customer_id: int) -> str:
    return f"anonymised-{customer_id}"


def anonymise_customer(customer: Customer) -> dict[str, int]:
    """Run inside the caller's transaction; returns how many rows of each kind were rewritten."""
    label = anonymous_label(customer.pk)
    counts = {
        "customer": Customer.objects.filter(pk=customer.pk).update(name=label, phone="", email=""),
        "addresses": Address.objects.filter(customer=customer).update(
            label="", line=REMOVED, district="", latitude=None, longitude=None
        ),
        "orders": WorkOrder.objects.filter(customer=customer).update(
            contact_name=label, contact_phone="", service_address="", version=F("version") + 1
        ),
    }
    orders = WorkOrder.objects.filter(customer=customer).values("pk")
    QuoteApproval.objects.filter(quote__order__in=orders).update(
        signer_name=label, signature="", ip_address=None
    )
    Acceptance.objects.filter(order__in=orders).update(signer_name=label, signature="", ip_address=None)
    Handover.objects.filter(order__in=orders).update(customer_signer_name="", customer_signature="")
    DataConsent.objects.filter(order__in=orders).update(ip_address=None)
    counts["messages"] = OrderMessage.objects.filter(order__in=orders, author_role="customer").update(
        author_label=label, body=REMOVED
    )
    InboundMail.objects.filter(order__in=orders).update(from_address="", from_name="", text="", raw=b"")
    Survey.objects.filter(customer=customer).update(comment="")
    Complaint.objects.filter(customer=customer).update(description=REMOVED, customer_feedback="")
    deliveries = Delivery.objects.filter(customer=customer)
    # Whatever is still queued would go to an address that no longer exists here: cancel it.
    deliveries.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.RETRY]).update(
        status=Delivery.Status.CANCELLED
    )
    deliveries.update(recipient="", recipient_label="", subject="", body="")
    _drop_purchase_proofs(customer)
    _purge_history(customer)
    if customer.user_id:
        _disable_login(customer.user_id)
    return counts


def _drop_purchase_proofs(customer: Customer) -> None:
    for device in Device.objects.filter(owner=customer).exclude(purchase_proof=""):
        device.purchase_proof.delete(save=False)
    Device.objects.filter(owner=customer).update(purchase_proof="")


def _purge_history(customer: Customer) -> None:
    Customer.history.filter(id=customer.pk).delete()
    Address.history.filter(customer_id=customer.pk).delete()
    if customer.user_id:
        User.history.filter(id=customer.user_id).delete()


def _disable_login(user_id: int) -> None:
    """No password, no tokens, inactive: every session and token stops working at once."""
    User.objects.filter(pk=user_id).update(
        username=f"deleted-{user_id}",
        email="",
        phone="",
        first_name="",
        last_name="",
        is_active=False,
        password=make_password(None),
    )
    ApiToken.objects.filter(user_id=user_id).delete()
