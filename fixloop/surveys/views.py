"""Survey pages: the public one-time link (no sign-in) and the signed-in customer's rating page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from fixloop.core.errors import Conflict, DomainError, NotFound
from fixloop.surveys import services
from fixloop.surveys.forms import AnswerForm
from fixloop.web.access import customer_required, request_actor
from fixloop.web.errors import apply_domain_error


def _handle(request, survey, template_context: dict, template: str):
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_answer(survey=survey, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            return None
    return render(request, template, {**template_context, "form": form, "survey": survey})


def answer(request, token: str):
    """The link from the invitation, in the customer's language: answer once before it expires."""
    language = None
    try:
        survey = services.survey_by_token(token)
        language = survey.language
    except NotFound:
        return render(
            request, "surveys/closed.html", {"reason": _("This survey link is not valid.")}, status=404
        )
    except Conflict as exc:
        return render(request, "surveys/closed.html", {"reason": exc.message}, status=410)
    with translation.override(language):
        response = _handle(request, survey, {"public": True}, "surveys/answer.html")
        if response is None:
            return render(request, "surveys/closed.html", {"thanks": True})
        return response


@customer_required
def rate_order(request, number: str):
    """The same survey from the portal's order page, for the signed-in customer."""
    actor = request_actor(request)
    try:
        survey = services.survey_for_order(actor, number)
    except NotFound as exc:
        raise Http404 from exc
    if survey is None:
        raise Http404
    if survey.answered_at is not None:
        messages.info(request, _("Thank you, this survey has already been answered."))
        return redirect("portal:order", number=number)
    response = _handle(request, survey, {"public": False}, "surveys/answer.html")
    if response is None:
        messages.success(request, _("Thank you for your feedback."))
        return redirect("portal:order", number=number)
    return response
