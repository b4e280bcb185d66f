"""Master-data essentials for intake and routing: categories, models, devices, service points, engineers, customers."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from fixloop.accounts.roles import STAFF_ROLES, Role
from fixloop.catalog import warranty
from fixloop.catalog.models import Device, ProductCategory, ProductModel
from fixloop.core.errors import Forbidden, NotFound
from fixloop.customers.models import Customer
from fixloop.organisation.models import Engineer, ServicePoint
from fixloop.privacy.masking import masked_customer

router = Router(tags=["master data"])


def require_staff(actor) -> None:
    if actor.role not in STAFF_ROLES:
        raise Forbidden("staff_only", _("Only staff may see this."))


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    name_en: str


class ModelOut(Schema):
    id: int
    category_id: int
    brand: str
    code: str
    name: str
    warranty_months: int


class DeviceWarrantyOut(Schema):
    serial: str
    model_id: int
    model: str
    purchase_date: dt.date | None
    warranty_status: str
    warranty_label: str
    warranty_explanation: str
    warranty_until: dt.date | None


class ServicePointOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    city: str
    address: str
    latitude: float | None
    longitude: float | None


class EngineerOut(Schema):
    id: int
    name: str
    home_service_point_id: int
    skills: list[str]


class CustomerOut(Schema):
    id: int
    name: str
    phone: str
    email: str
    tier: str
    language: str


class ModelFilter(Schema):
    category: int | None = None


class CustomerFilter(Schema):
    phone: str = Field(min_length=4, max_length=32)


@router.get("/categories", response=list[CategoryOut], summary="Product categories")
def categories(request):
    return list(ProductCategory.objects.all())


@router.get("/models", response=list[ModelOut], summary="Product models")
def models(request, filters: Query[ModelFilter]):
    queryset = ProductModel.objects.all()
    if filters.category:
        queryset = queryset.filter(category_id=filters.category)
    return list(queryset)


@router.get(
    "/devices/{serial}", response=DeviceWarrantyOut, summary="A device by serial, with its warranty today"
)
def device(request, serial: str):
    actor = request.auth
    queryset = Device.objects.select_related("model")
    if actor.role == Role.CUSTOMER:
        queryset = queryset.filter(owner_id=actor.customer_id)
    elif actor.role == Role.PARTNER:
        queryset = queryset.filter(owner__partner=actor.partner)
    found = queryset.filter(serial=serial).first()
    if found is None:
        raise NotFound("device_not_found", _("No device with this serial number."))
    decision = warranty.for_device(found, today=timezone.localdate())
    return {
        "serial": found.serial,
        "model_id": found.model_id,
        "model": str(found.model),
        "purchase_date": found.purchase_date,
        "warranty_status": decision.status,
        "warranty_label": str(warranty.WarrantyStatus(decision.status).label),
        "warranty_explanation": warranty.explain(decision.reason, decision.until),
        "warranty_until": decision.until,
    }


@router.get("/service-points", response=list[ServicePointOut], summary="Active service points")
def service_points(request):
    return list(ServicePoint.objects.filter(is_active=True))


@router.get("/engineers", response=list[EngineerOut], summary="Active engineers (staff only)")
def engineers(request):
    require_staff(request.auth)
    rows = Engineer.objects.filter(is_active=True).select_related("user").prefetch_related("skills")
    return [
        {
            "id": e.pk,
            "name": str(e),
            "home_service_point_id": e.home_service_point_id,
            "skills": [s.code for s in e.skills.all()],
        }
        for e in rows
    ]


@router.get("/customers", response=list[CustomerOut], summary="Find customers by phone (staff only)")
def customers(request, filters: Query[CustomerFilter]):
    """Exact number only (never a prefix or a part of one), company-wide: a customer walks into any service
    point, so an agent taking them in must find them whichever point served them before. Roles that do not
    work with customers (warehouse, engineers) get the match masked (see fixloop.privacy.masking)."""
    require_staff(request.auth)
    phone = "".join(filters.phone.split())
    return [
        masked_customer(request.auth, c) for c in Customer.objects.filter(phone=phone).order_by("id")[:20]
    ]
