"""One Django form per lifecycle action; each turns its fields into the service's keyword arguments."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError

from fixloop.core.errors import DomainError
from fixloop.organisation.models import Engineer, ServicePoint
from fixloop.web.errors import apply_domain_error, apply_schema_errors
from fixloop.workorders import services
from fixloop.workorders.choices import FaultCause, Kind, Priority
from fixloop.workorders.models import QuoteLine
from fixloop.workorders.schemas import PAYLOADS
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


class ReceiveForm(ActionForm):
    accessories = forms.CharField(label=_("Accessories received"), max_length=500, required=False)
    condition = forms.CharField(label=_("Visible condition"), max_length=500, required=False)


def parse_lines(text: str) -> list[dict]:
    """`description | quantity | unit price` per line, optionally prefixed `labour:` or `transport:`."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) != 3:
            raise forms.ValidationError(
                _("Line %(n)s: write “description | quantity | unit price”."), params={"n": number}
            )
        prefix, sep, rest = parts[0].partition(":")
        if sep and prefix.strip().lower() in QuoteLine.Kind.values:
            kind, description = prefix.strip().lower(), rest
        else:
            kind, description = QuoteLine.Kind.PART, parts[0]
        try:
            quantity, price = Decimal(parts[1]), Decimal(parts[2])
        except InvalidOperation:
            raise forms.ValidationError(
                _("Line %(n)s: quantity and unit price must be numbers."), params={"n": number}
            ) from None
        if not quantity.is_finite() or not price.is_finite() or quantity <= 0 or price < 0:
            raise forms.ValidationError(
                _("Line %(n)s: the quantity must be above zero and the price zero or more."),
                params={"n": number},
            )
        lines.append(
            {"kind": kind, "description": description.strip(), "quantity": quantity, "unit_price": price}
        )
    return lines


LINES_HELP = _("One line each: description | quantity | unit price. Start with “labour:” for labour.")


class QuoteForm(ActionForm):
    findings = _text(_("Findings"), max_length=5000)
    cause = forms.ChoiceField(label=_("Cause"), choices=FaultCause.choices)
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
        data = self.cleaned_data
        options = [{"label": data["option1_label"], "lines": data["option1_lines"]}]
        if data.get("option2_lines"):
            options.append({"label": data["option2_label"], "lines": data["option2_lines"]})
        return {
            "findings": data["findings"],
            "cause": data["cause"],
            "options": options,
            "valid_days": data["valid_days"],
        }


class SignatureMixin(forms.Form):
    signer_name = forms.CharField(label=_("Your name"), max_length=120)
    signature = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300_000)

    def clean_signature(self):
        value = self.cleaned_data["signature"]
        if value and not value.startswith("data:image/png;base64,"):
            raise forms.ValidationError(_("The signature could not be read; please sign again."))
        return value


class ApproveForm(SignatureMixin, ActionForm):
    option = forms.TypedChoiceField(label=_("Option"), coerce=int, widget=forms.RadioSelect)
    field_order = ["option", "signer_name", "signature"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = list(self.quote.options.all()) if self.quote else []
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


class StartRepairForm(ActionForm):
    findings = _text(_("Findings"), max_length=5000)
    cause = forms.ChoiceField(label=_("Cause"), choices=FaultCause.choices)
    plan = _text(_("Repair plan"))


class WaitPartsForm(ActionForm):
    parts = forms.CharField(label=_("Parts needed"), max_length=500)
    expected_date = forms.DateField(
        label=_("Expected on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class SubmitQcForm(ActionForm):
    work_done = _text(_("Work done"), max_length=5000)


class QcForm(ActionForm):
    passed_items = forms.MultipleChoiceField(
        label=_("Checklist (tick what passed)"),
        choices=[(str(i), label) for i, label in enumerate(QC_ITEMS)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = _text(_("QC notes"), required=False)
    aliases = {
        "checklist": "passed_items",
        "qc_items_failed": "passed_items",
        "qc_nothing_failed": "passed_items",
    }

    def payload(self):
        passed = set(self.cleaned_data["passed_items"])
        checklist = [{"item": str(label), "passed": str(i) in passed} for i, label in enumerate(QC_ITEMS)]
        return {"checklist": checklist, "notes": self.cleaned_data["notes"]}


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
    Action.HAND_BACK: NoteForm,
    Action.ACCEPT: AcceptForm,
    Action.DISPUTE: ReasonForm,
    Action.CLOSE: NoteForm,
    Action.CANCEL: ReasonForm,
}


def action_form(action: str, order, quote=None, data=None) -> ActionForm:
    form = FORMS[action](data, order=order, quote=quote, prefix=action, initial={"version": order.version})
    form.action = action
    form.action_label = Action(action).label
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
