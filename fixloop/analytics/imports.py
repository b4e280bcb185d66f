"""Importing master data from CSV/XLSX: every row validated first, then all written or nothing.

Each kind names its key (what makes a row an update rather than a new record) and a ModelForm that
validates one row the way the admin would; the dry run reports every row's errors and writes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

import tablib
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.catalog.models import Device, ProductCategory, ProductModel
from fixloop.customers.models import Customer
from fixloop.organisation.models import Engineer, ServicePoint
from fixloop.parts.models import Part
from fixloop.workorders.choices import Priority
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.states import State


class KeyChoiceField(forms.ModelChoiceField):
    """A reference by a column that is not unique on its own (a phone, a model code): ambiguity is an error."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except self.queryset.model.MultipleObjectsReturned:
            raise forms.ValidationError(
                _("“{value}” matches more than one record.").format(value=value), code="ambiguous"
            ) from None


class CustomerRow(forms.ModelForm):
    class Meta:
        model = Customer
        fields = ["name", "phone", "email", "tier", "kind", "language"]


class ProductModelRow(forms.ModelForm):
    category = forms.ModelChoiceField(queryset=ProductCategory.objects.all(), to_field_name="code")

    class Meta:
        model = ProductModel
        fields = ["category", "brand", "code", "name", "warranty_months"]


class DeviceRow(forms.ModelForm):
    model = KeyChoiceField(queryset=ProductModel.objects.all(), to_field_name="code")
    owner = KeyChoiceField(queryset=Customer.objects.all(), to_field_name="phone", required=False)

    class Meta:
        model = Device
        fields = ["serial", "model", "owner", "purchase_date", "purchase_channel"]

    def clean_purchase_date(self):
        value = self.cleaned_data["purchase_date"]
        if value and value > dt.date.today():
            raise forms.ValidationError(_("The purchase date is in the future."))
        return value


class PartRow(forms.ModelForm):
    class Meta:
        model = Part
        fields = ["number", "name", "name_en", "unit_cost", "price", "warranty_days"]


class OrderRow(forms.ModelForm):
    """A historical order, already finished elsewhere: written as closed (or cancelled) with its own dates.

    Imported orders never pass through the lifecycle (no events, no notifications); they exist so the
    KPIs, scorecards and quality reports see the history. An existing order number is refused.
    """

    customer = KeyChoiceField(queryset=Customer.objects.all(), to_field_name="phone")
    device = forms.ModelChoiceField(queryset=Device.objects.all(), to_field_name="serial", required=False)
    product_model = KeyChoiceField(queryset=ProductModel.objects.all(), to_field_name="code", required=False)
    service_point = forms.ModelChoiceField(
        queryset=ServicePoint.objects.all(), to_field_name="code", required=False
    )
    engineer = KeyChoiceField(queryset=Engineer.objects.all(), to_field_name="user__username", required=False)
    state = forms.ChoiceField(
        choices=[(State.CLOSED, State.CLOSED.label), (State.CANCELLED, State.CANCELLED.label)],
        required=False,
    )
    priority = forms.ChoiceField(choices=Priority.choices, required=False)
    contact_name = forms.CharField(max_length=120, required=False)
    contact_phone = forms.CharField(max_length=32, required=False)
    created_at = forms.DateTimeField()
    resolved_at = forms.DateTimeField(required=False)
    closed_at = forms.DateTimeField()

    class Meta:
        model = WorkOrder
        fields = [
            "number",
            "kind",
            "channel",
            "service_mode",
            "state",
            "customer",
            "contact_name",
            "contact_phone",
            "device",
            "product_model",
            "service_point",
            "engineer",
            "symptoms",
            "fault_category",
            "priority",
        ]  # the dates are declared above: the model sets created_at itself

    def clean_state(self):
        return self.cleaned_data["state"] or State.CLOSED

    def clean_priority(self):
        return self.cleaned_data["priority"] or Priority.NORMAL

    def clean_closed_at(self):
        value = self.cleaned_data["closed_at"]
        if value and value > timezone.now():
            raise forms.ValidationError(_("A historical order cannot close in the future."))
        return value

    def clean(self):
        data = super().clean()
        created, resolved, closed = (data.get(k) for k in ("created_at", "resolved_at", "closed_at"))
        if created and resolved and resolved < created:
            self.add_error("resolved_at", _("Resolved before it was created."))
        if (resolved or created) and closed and closed < (resolved or created):
            self.add_error("closed_at", _("Closed before it was resolved or created."))
        device, model = data.get("device"), data.get("product_model")
        if device and model and device.model_id != model.pk:
            self.add_error("product_model", _("The device is a different model."))
        customer = data.get("customer")
        if customer:
            data["contact_name"] = data.get("contact_name") or customer.name
            data["contact_phone"] = data.get("contact_phone") or customer.phone
        return data

    def save(self, commit: bool = True) -> WorkOrder:
        data = self.cleaned_data
        order = self.instance
        order.imported = True
        order.state = data["state"]
        order.product_model = data.get("product_model") or (
            data["device"].model if data.get("device") else None
        )
        order.assignee = data.get("engineer")
        order.contact_name, order.contact_phone = data["contact_name"], data["contact_phone"]
        if order.state == State.CLOSED and not data.get("resolved_at"):
            data["resolved_at"] = data["closed_at"]
        order.save()
        # created_at is set on insert by the model; the history's own dates replace it.
        WorkOrder.objects.filter(pk=order.pk).update(
            created_at=data["created_at"], resolved_at=data.get("resolved_at"), closed_at=data["closed_at"]
        )
        return order


@dataclass(frozen=True)
class Kind:
    form: type[forms.ModelForm]
    key: tuple[str, ...]  # columns that find the existing record
    lookup: callable  # row dict -> existing instance or None


def _single(queryset):
    found = list(queryset[:2])
    return found[0] if len(found) == 1 else None


KINDS: dict[str, Kind] = {
    "customers": Kind(
        CustomerRow, ("phone",), lambda r: _single(Customer.objects.filter(phone=r.get("phone", "")))
    ),
    "product_models": Kind(
        ProductModelRow,
        ("brand", "code"),
        lambda r: ProductModel.objects.filter(brand=r.get("brand", ""), code=r.get("code", "")).first(),
    ),
    "devices": Kind(
        DeviceRow, ("serial",), lambda r: Device.objects.filter(serial=r.get("serial", "")).first()
    ),
    "parts": Kind(PartRow, ("number",), lambda r: Part.objects.filter(number=r.get("number", "")).first()),
    # Insert only: an order number already in use fails the form's uniqueness check.
    "orders": Kind(OrderRow, ("number",), lambda r: None),
}


@dataclass
class RowError:
    row: int  # 1-based data row, as a spreadsheet user counts below the header (header is row 1)
    field: str
    message: str


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFormatError(ValueError):
    pass


def read_rows(content: bytes, fmt: str) -> list[dict]:
    """The file's rows as dicts keyed by the header; blank cells become empty strings."""
    if fmt not in ("csv", "xlsx"):
        raise ImportFormatError(_("Upload a CSV or XLSX file."))
    try:
        data = tablib.Dataset().load(content.decode("utf-8-sig") if fmt == "csv" else content, format=fmt)
    except Exception as exc:  # tablib raises format-specific errors; all mean "unreadable"
        raise ImportFormatError(_("The file could not be read as {fmt}.").format(fmt=fmt.upper())) from exc
    headers = [str(h or "").strip() for h in (data.headers or [])]
    return [
        {
            h: ("" if v is None else v)  # XLSX dates and times arrive as datetimes; the forms parse them
            for h, v in zip(headers, row, strict=False)
            if h
        }
        for row in data
    ]


def _current(form_class: type[forms.ModelForm], instance) -> dict:
    """Values for columns the file leaves out: the record's own for an update, the defaults for a new one."""
    out = {}
    for name, form_field in form_class.base_fields.items():
        try:
            model_field = form_class._meta.model._meta.get_field(name)
        except FieldDoesNotExist:  # a column of the form only (an order's engineer)
            continue
        if instance is not None:
            value = getattr(instance, name)
            if isinstance(form_field, forms.ModelChoiceField):
                value = getattr(value, form_field.to_field_name or "pk", None) if value is not None else ""
            out[name] = "" if value is None else value
        elif model_field.has_default() and name not in form_class.declared_fields:
            out[name] = model_field.get_default()
    return out


def _validate(kind: Kind, rows: list[dict]) -> tuple[list[forms.ModelForm], list[RowError]]:
    bound, errors, seen = [], [], {}
    allowed = set(kind.form.base_fields)
    for number, row in enumerate(rows, start=2):
        unknown = sorted(set(row) - allowed)
        if unknown:
            errors.append(RowError(number, ", ".join(unknown), _("Unknown column.")))
        key = tuple(str(row.get(k, "")).strip() for k in kind.key)
        if key in seen:
            errors.append(RowError(number, "/".join(kind.key), _("Same as row {row}.").format(row=seen[key])))
        seen.setdefault(key, number)
        data = {k: str(v).strip() if not isinstance(v, dt.date) else v for k, v in row.items()}
        instance = kind.lookup(data)
        form = kind.form({**_current(kind.form, instance), **data}, instance=instance)
        if not form.is_valid():
            for name, messages in form.errors.items():
                errors.extend(RowError(number, name if name != "__all__" else "", str(m)) for m in messages)
        bound.append(form)
    return bound, errors


def run_import(kind_name: str, content: bytes, fmt: str, *, commit: bool) -> ImportResult:
    """Validate every row; with `commit` and no error, write them all in one transaction."""
    if kind_name not in KINDS:
        raise ImportFormatError(_("Unknown import kind."))
    kind = KINDS[kind_name]
    rows = read_rows(content, fmt)
    result = ImportResult(kind=kind_name, rows=len(rows))
    if not rows:
        result.errors.append(RowError(1, "", _("The file has no data rows.")))
        return result
    with transaction.atomic():
        forms_, result.errors = _validate(kind, rows)
        result.created = sum(1 for f in forms_ if f.instance.pk is None)
        result.updated = len(forms_) - result.created
        if commit and result.ok:
            for form in forms_:
                form.save()
            result.committed = True
    return result
