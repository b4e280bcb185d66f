"""Importing master data from CSV/XLSX: every row validated first, then all written or nothing.

Each kind names its key (what makes a row an update rather than a new record) and a ModelForm that
validates one row the way the admin would; the dry run reports every row's errors and writes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field

import tablib
from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from fixloop.catalog.models import Device, ProductCategory, ProductModel
from fixloop.customers.models import Customer
from fixloop.parts.models import Part


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
    model = forms.ModelChoiceField(queryset=ProductModel.objects.all(), to_field_name="code")
    owner = forms.ModelChoiceField(queryset=Customer.objects.all(), to_field_name="phone", required=False)

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
            h: ("" if v is None else (v.date() if isinstance(v, dt.datetime) else v))
            for h, v in zip(headers, row, strict=False)
            if h
        }
        for row in data
    ]


def _current(form_class: type[forms.ModelForm], instance) -> dict:
    """Values for columns the file leaves out: the record's own for an update, the defaults for a new one."""
    out = {}
    for name, form_field in form_class.base_fields.items():
        model_field = form_class._meta.model._meta.get_field(name)
        if instance is not None:
            value = getattr(instance, name)
            if isinstance(form_field, forms.ModelChoiceField):
                value = getattr(value, form_field.to_field_name or "pk", None) if value is not None else ""
            out[name] = "" if value is None else value
        elif model_field.has_default():
            out[name] = model_field.get_default()
    return out


def _validate(kind: Kind, rows: list[dict]) -> tuple[list[forms.ModelForm], list[RowError]]:
    bound, errors, seen = [], [], {}
    allowed = set(kind.form._meta.fields)
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
