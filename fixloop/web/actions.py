"""One Django form per lifecycle action; each turns its fields into the service's keyword arguments."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError

from fixloop.core.errors import DomainError
from fixloop.organisation.models import Engineer, ServicePoint, Skill
from fixloop.parts.models import Part
from fixloop.web.errors import apply_domain_error, apply_schema_errors
from fixloop.workorders import services
from fixloop.workorders.choices import DamageExtent, FaultCause, Feasibility, Kind, Priority
from fixloop.workorders.models import QuoteLine
from fixloop.workorders.schemas import PAYLOADS
from fixloop.workorders.services.bench import checklist_items
from fixloop.workorders.states import Action

# The QC checklist offered on the bench; an unticked item is a failed item.
QC_ITEMS = [
    _("Powers on"),
    _("Charging"),
    _("Display and touch"),
    _("Buttons and ports"),
    _("Cosmetic condition"),
]


class ActionForm(forms.Form):
    """Base: carries the version the user saw; `payload()` gives the service's keyword arguments."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Service field names that a form shows under another name.
    aliases: dict[str, str] = {}
    danger = False

    def __init__(self, *args, order=None, quote=None, **kwargs):
        self.order, self.quote = order, quote
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


def _text(label, *, required=True, max_length=2000, rows=3):
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows})
    )


class TriageForm(ActionForm):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Kind.choices], required=False)
    fault_category = forms.CharField(label=_("Fault category"), max_length=60, required=False)
    service_point_id = forms.ModelChoiceField(
        label=_("Service point"), queryset=ServicePoint.objects.filter(is_active=True), required=False
    )

    def payload(self):
        data = super().payload()
        point = data.pop("service_point_id")
        return {**data, "kind": data["kind"] or None, "service_point_id": point.pk if point else None}


class ResolveForm(ActionForm):
    resolution = _text(_("Resolution"))


class AssignForm(ActionForm):
    engineer_id = forms.ModelChoiceField(
        label=_("Engineer"), queryset=Engineer.objects.filter(is_active=True).select_related("user")
    )
    service_point_id = forms.ModelChoiceField(
        label=_("Service point"), queryset=ServicePoint.objects.filter(is_active=True), required=False
    )

    def payload(self):
        point = self.cleaned_data["service_point_id"]
        return {
            "engineer_id": self.cleaned_data["engineer_id"].pk,
            "service_point_id": point.pk if point else None,
        }


class ScheduleForm(ActionForm):
    start = forms.DateTimeField(label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    end = forms.DateTimeField(label=_("To"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class NoteForm(ActionForm):
    note = _text(_("Note"), required=False)


def _photo_choices(order) -> list[tuple[str, str]]:
    return [(str(a.pk), a.original_name) for a in order.attachments.all()] if order is not None else []


class PhotoMixin(forms.Form):
    photo_ids = forms.TypedMultipleChoiceField(
        label=_("Photos"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _photo_choices(self.order)
        if choices:
            self.fields["photo_ids"].choices = choices
        else:
            del self.fields["photo_ids"]

    def payload(self):
        return {"photo_ids": [], **super().payload()}


class HandoverForm(PhotoMixin, ActionForm):
    """A hand-over receipt: what changes hands, its condition, and the customer's signature."""

    accessories = forms.CharField(label=_("Accessories"), max_length=500, required=False)
    condition = forms.CharField(label=_("Visible condition"), max_length=500, required=False)
    customer_signer_name = forms.CharField(label=_("Customer's name"), max_length=120, required=False)
    customer_signature = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300_000)
    signature_field = "customer_signature"

    def clean_customer_signature(self):
        return _signature_value(self.cleaned_data["customer_signature"])


class ReceiveForm(HandoverForm):
    pass


class HandBackForm(HandoverForm):
    note = _text(_("Note"), required=False)


FLAGS = {"free": "free_of_charge", "chargeable": "chargeable"}


def _catalogue_ref(kind: str, ref: str, number: int) -> dict:
    """`#PART-NUMBER` names a catalogue part, `#skill-code` a skill: they bring their own price."""
    if kind == QuoteLine.Kind.PART:
        part = Part.objects.filter(number=ref, active=True).first()
        if part is not None:
            return {"part_id": part.pk}
    elif kind == QuoteLine.Kind.LABOUR:
        skill = Skill.objects.filter(code=ref).first()
        if skill is not None:
            return {"skill_id": skill.pk}
    raise forms.ValidationError(
        _("Line %(n)s: “%(ref)s” is not in the catalogue."), params={"n": number, "ref": ref}
    )


def _number(text: str, number: int) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError(
            _("Line %(n)s: quantity and unit price must be numbers."), params={"n": number}
        ) from None
    if not value.is_finite() or value < 0:
        raise forms.ValidationError(
            _("Line %(n)s: the quantity must be above zero and the price zero or more."), params={"n": number}
        )
    return value


def parse_line(raw: str, number: int) -> dict:
    parts = [p.strip() for p in raw.split("|")]
    flags = {FLAGS[p.lower()]: True for p in parts[2:] if p.lower() in FLAGS}
    parts = [p for i, p in enumerate(parts) if i < 2 or p.lower() not in FLAGS]
    prefix, sep, rest = parts[0].partition(":")
    if sep and prefix.strip().lower() in QuoteLine.Kind.values:
        kind, description = prefix.strip().lower(), rest.strip()
    else:
        kind, description = QuoteLine.Kind.PART, parts[0]
    line = {"kind": kind, **flags}
    if description.startswith("#") and len(parts) == 2:
        line.update(_catalogue_ref(kind, description[1:].strip(), number))
    elif len(parts) == 3:
        line.update(description=description, unit_price=_number(parts[2], number))
    else:
        raise forms.ValidationError(
            _("Line %(n)s: write “description | quantity | unit price”."), params={"n": number}
        )
    line["quantity"] = _number(parts[1], number)
    if line["quantity"] == 0:
        raise forms.ValidationError(
            _("Line %(n)s: the quantity must be above zero and the price zero or more."), params={"n": number}
        )
    return line


def parse_lines(text: str) -> list[dict]:
    """`description | quantity | unit price` per line, optionally prefixed `labour:`, `transport:` or
    `inspection:`; `#PART-NO | quantity` or `labour: #skill | hours` price from the catalogue; a last
    column `free` (goodwill, needs a manager) or `chargeable` (not covered by the warranty)."""
    return [parse_line(raw, n) for n, raw in enumerate(text.splitlines(), start=1) if raw.strip()]


LINES_HELP = _(
    "One line each: description | quantity | unit price. Start with “labour:”, “transport:” or "
    "“inspection:”. “#PART-NUMBER | qty” or “labour: #skill | hours” take the catalogue price. "
    "Add “| free” for a free-of-charge exception, “| chargeable” for a line the warranty does not cover."
)


class DiagnosisMixin(forms.Form):
    """The diagnosis record shared by the quote and the free repair."""

    findings = _text(_("Findings"), max_length=5000)
    cause = forms.ChoiceField(label=_("Cause"), choices=FaultCause.choices)
    fault_point = forms.CharField(label=_("Fault point"), max_length=200, required=False)
    damage_extent = forms.ChoiceField(
        label=_("Damage extent"), choices=[("", "—"), *DamageExtent.choices], required=False
    )
    feasibility = forms.ChoiceField(
        label=_("Repair feasibility"), choices=Feasibility.choices, initial=Feasibility.REPAIRABLE
    )
    parts_needed = forms.CharField(label=_("Parts needed"), max_length=1000, required=False)
    labour_hours = forms.DecimalField(
        label=_("Labour hours"), min_value=0, max_digits=6, decimal_places=2, initial=0, required=False
    )
    touches_data = forms.BooleanField(label=_("The work touches the customer's data"), required=False)
    data_safety_note = forms.CharField(label=_("Data-safety note"), max_length=2000, required=False)

    def payload(self):
        data = super().payload()
        data["labour_hours"] = data.get("labour_hours") or Decimal("0")
        return data


class QuoteForm(DiagnosisMixin, ActionForm):
    option1_label = forms.CharField(label=_("Option 1"), max_length=120, initial=_("Repair"))
    option1_lines = _text(_("Option 1 lines"), rows=3)
    option2_label = forms.CharField(label=_("Option 2 (optional)"), max_length=120, required=False)
    option2_lines = _text(_("Option 2 lines"), required=False, rows=2)
    valid_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=14)
    aliases = {"options": "option1_lines", "label": "option1_label", "description": "option1_lines"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option1_lines"].help_text = LINES_HELP

    def clean_option1_lines(self):
        lines = parse_lines(self.cleaned_data["option1_lines"])
        if not lines:
            raise forms.ValidationError(_("An option needs at least one line."))
        return lines

    def clean_option2_lines(self):
        return parse_lines(self.cleaned_data["option2_lines"])

    def clean(self):
        data = super().clean()
        if data.get("option2_lines") and not data.get("option2_label"):
            self.add_error("option2_label", _("Name the second option."))
        return data

    def payload(self):
        data = super().payload()
        options = [{"label": data.pop("option1_label"), "lines": data.pop("option1_lines")}]
        label, lines = data.pop("option2_label"), data.pop("option2_lines")
        if lines:
            options.append({"label": label, "lines": lines})
        return {**data, "options": options}


def _signature_value(value: str) -> str:
    if value and not value.startswith("data:image/png;base64,"):
        raise forms.ValidationError(_("The signature could not be read; please sign again."))
    return value


class SignatureMixin(forms.Form):
    signer_name = forms.CharField(label=_("Your name"), max_length=120)
    signature = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300_000)
    signature_field = "signature"

    def clean_signature(self):
        return _signature_value(self.cleaned_data["signature"])


class ConsentMixin(forms.Form):
    """Shown when the diagnosis says the work touches the customer's data."""

    data_consent = forms.BooleanField(
        label=_("I agree that the repair may access the data on the device"), required=False
    )
    backup_made = forms.BooleanField(label=_("A backup of the data was made"), required=False)
    aliases = {"data_consent_required": "data_consent"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.consent_needed():
            del self.fields["data_consent"], self.fields["backup_made"]

    def consent_needed(self) -> bool:
        return bool(self.quote and self.quote.diagnosis.touches_data)

    def payload(self):
        data = super().payload()
        if "data_consent" in data:
            data["data_consent"] = data["data_consent"] or None
        return data


class ApproveForm(SignatureMixin, ConsentMixin, ActionForm):
    option = forms.TypedChoiceField(label=_("Option"), coerce=int, widget=forms.RadioSelect)
    field_order = ["option", "data_consent", "backup_made", "signer_name", "signature"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Options the customer already declined are no longer on offer.
        options = [o for o in self.quote.options.all() if o.declined_at is None] if self.quote else []
        self.fields["option"].choices = [(o.position, f"{o.label} — ¥{o.total}") for o in options]
        if options:
            self.fields["option"].initial = options[0].position

    def payload(self):
        return {**super().payload(), "quote_revision": self.quote.revision if self.quote else 1}


class RejectForm(ActionForm):
    reason = forms.CharField(label=_("Why do you decline?"), max_length=300)
    danger = True

    def payload(self):
        return {**super().payload(), "quote_revision": self.quote.revision if self.quote else 1}


class StartRepairForm(DiagnosisMixin, ActionForm):
    plan = _text(_("Repair plan"))
    data_consent = forms.BooleanField(
        label=_("The customer agreed that the repair may access their data"), required=False
    )
    backup_made = forms.BooleanField(label=_("A backup of the data was made"), required=False)
    aliases = {"data_consent_required": "data_consent"}

    def payload(self):
        data = super().payload()
        data["data_consent"] = data["data_consent"] or None
        return data


class WaitPartsForm(ActionForm):
    parts = forms.CharField(label=_("Parts needed"), max_length=500)
    expected_date = forms.DateField(
        label=_("Expected on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def parse_replaced(text: str) -> list[dict]:
    """`PART-NUMBER or description | quantity | serial` per line."""
    rows = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        cells = [c.strip() for c in raw.split("|")] + ["", ""]
        part = Part.objects.filter(number=cells[0]).first()
        row = {"part_id": part.pk} if part else {"description": cells[0]}
        row["quantity"] = _number(cells[1] or "1", number)
        row["serial"] = cells[2]
        rows.append(row)
    return rows


class SubmitQcForm(ActionForm):
    work_done = _text(_("Work done"), max_length=5000)
    parts_replaced = _text(_("Parts replaced"), required=False, rows=2)
    aliases = {"part_not_found": "parts_replaced"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts_replaced"].help_text = _(
            "One line each: part number or description | quantity | serial. Empty: the approved quote's parts."
        )

    def clean_parts_replaced(self):
        return parse_replaced(self.cleaned_data["parts_replaced"])


class QcForm(PhotoMixin, ActionForm):
    """The product category's checklist (or the bench's generic one); measured checks get a value box."""

    passed_items = forms.MultipleChoiceField(
        label=_("Checklist (tick what passed)"), widget=forms.CheckboxSelectMultiple, required=False
    )
    notes = _text(_("QC notes"), required=False)
    aliases = {
        "checklist": "passed_items",
        "qc_items_failed": "passed_items",
        "qc_nothing_failed": "passed_items",
        "qc_item_missing": "passed_items",
        "qc_value_required": "passed_items",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        template = checklist_items(self.order) if self.order is not None else []
        self.items = [(t.label, t) for t in template] or [(str(label), None) for label in QC_ITEMS]
        self.fields["passed_items"].choices = [(str(i), label) for i, (label, _t) in enumerate(self.items)]
        for i, (label, item) in enumerate(self.items):
            if item is not None and item.measured:
                self.fields[f"value_{i}"] = forms.CharField(
                    label=_("{check}: measured ({unit})").format(check=label, unit=item.unit or "—"),
                    max_length=120,
                    required=False,
                )

    def payload(self):
        data = super().payload()
        passed = set(data.pop("passed_items"))
        checklist = [
            {"item": label, "passed": str(i) in passed, "value": data.pop(f"value_{i}", "")}
            for i, (label, _item) in enumerate(self.items)
        ]
        return {"checklist": checklist, "notes": data["notes"], "photo_ids": data["photo_ids"]}


class AcceptForm(SignatureMixin, ActionForm):
    comment = _text(_("Comment"), required=False)


class ReasonForm(ActionForm):
    reason = _text(_("Reason"), max_length=1000)
    danger = True


FORMS: dict[str, type[ActionForm]] = {
    Action.TRIAGE: TriageForm,
    Action.RESOLVE_REMOTELY: ResolveForm,
    Action.ASSIGN: AssignForm,
    Action.SCHEDULE: ScheduleForm,
    Action.CHECK_IN: NoteForm,
    Action.RECEIVE_DEVICE: ReceiveForm,
    Action.QUOTE: QuoteForm,
    Action.APPROVE: ApproveForm,
    Action.REJECT: RejectForm,
    Action.PREPARE_RETURN: NoteForm,
    Action.START_REPAIR: StartRepairForm,
    Action.WAIT_PARTS: WaitPartsForm,
    Action.RESUME_REPAIR: NoteForm,
    Action.SUBMIT_QC: SubmitQcForm,
    Action.PASS_QC: QcForm,
    Action.FAIL_QC: QcForm,
    Action.HAND_BACK: HandBackForm,
    Action.ACCEPT: AcceptForm,
    Action.DISPUTE: ReasonForm,
    Action.CLOSE: NoteForm,
    Action.CANCEL: ReasonForm,
}


def action_form(action: str, order, quote=None, data=None) -> ActionForm:
    form = FORMS[action](data, order=order, quote=quote, prefix=action, initial={"version": order.version})
    form.action = action
    form.action_label = Action(action).label
    name = getattr(form, "signature_field", None)
    form.signature_bound = form[name] if name in form.fields else None
    return form


def perform(request, actor, form: ActionForm):
    """Validate with the form and the API's payload schema, then call the service. None on failure."""
    if not form.is_valid():
        return None
    action = form.action
    payload = form.payload()
    try:
        PAYLOADS[action].model_validate(payload)
    except PydanticValidationError as exc:
        apply_schema_errors(form, exc, form.aliases)
        return None
    if action in services.IP_ACTIONS:
        payload["ip"] = request.META.get("REMOTE_ADDR")
    service = services.TRANSITION_SERVICES[action]
    try:
        return service(
            actor=actor, number=form.order.number, expected_version=form.cleaned_data["version"], **payload
        )
    except DomainError as exc:
        apply_domain_error(request, form, exc, form.aliases)
        return None
