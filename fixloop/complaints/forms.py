"""Complaint forms: filing (portal and console), one form per lifecycle action, owners and actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.accounts.models import User
from fixloop.accounts.roles import STAFF_ROLES
from fixloop.complaints.models import CorrectiveAction
from fixloop.complaints.states import Action, Channel, Kind, Severity, State


def _text(label, *, required=True, max_length=4000, rows=3):
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows})
    )


class PortalComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("This is a"), choices=Kind.choices, initial=Kind.COMPLAINT)
    order_number = forms.ChoiceField(label=_("Which repair is it about?"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = _text(_("What happened?"), rows=5)

    def __init__(self, *args, order_numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order_number"].choices = [("", "—"), *((n, n) for n in order_numbers)]


class ConsoleComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.COMPLAINT)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.EMAIL, Channel.EMAIL.label)],
    )
    phone = forms.CharField(label=_("Customer phone"), max_length=32)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.MEDIUM)
    order_numbers = forms.CharField(
        label=_("Related orders"),
        required=False,
        max_length=300,
        help_text=_("Order numbers, separated by spaces."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = _text(_("Description"), rows=5)
    aliases = {"customer_id": "phone"}


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    danger = False

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ProposeForm(ActionForm):
    findings = _text(_("Investigation findings"))
    root_cause = _text(_("Root cause"))
    responsible_department = forms.CharField(
        label=_("Responsible department"), max_length=120, required=False
    )
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=120, required=False)
    solution = _text(_("Proposed solution"))


class NoteForm(ActionForm):
    note = _text(_("Note"), required=False, rows=2)


class DeclineForm(ActionForm):
    reason = _text(_("Why is the solution not acceptable?"), max_length=1000)
    danger = True


class FeedbackForm(ActionForm):
    satisfied = forms.TypedChoiceField(
        label=_("Satisfied with the result?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    feedback = _text(_("Feedback"))


class AnswerForm(ActionForm):
    answer = _text(_("Answer"))


FORMS: dict[str, type[ActionForm]] = {
    Action.INVESTIGATE: ActionForm,
    Action.PROPOSE: ProposeForm,
    Action.AGREE: NoteForm,
    Action.DECLINE: DeclineForm,
    Action.IMPLEMENT: NoteForm,
    Action.COLLECT_FEEDBACK: FeedbackForm,
    Action.CLOSE: ActionForm,
    Action.ANSWER: AnswerForm,
}


def action_form(action: str, complaint, data=None) -> ActionForm:
    form = FORMS[action](data, initial={"version": complaint.version}, prefix=action)
    form.action, form.action_label = action, Action(action).label
    return form


def staff_choices():
    return User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("username")


class OwnerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    owner_id = forms.ModelChoiceField(label=_("Owner"), queryset=staff_choices())


class CorrectiveActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CorrectiveAction.Kind.choices)
    description = forms.CharField(label=_("Action"), max_length=500)
    owner_id = forms.ModelChoiceField(label=_("Owner"), queryset=staff_choices())
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class ComplaintFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", "—"), *State.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "—"), *Kind.choices])
    severity = forms.ChoiceField(label=_("Severity"), required=False, choices=[("", "—"), *Severity.choices])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", "—"), *Channel.choices])
    overdue = forms.BooleanField(label=_("Response overdue"), required=False)
