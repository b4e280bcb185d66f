"""Turn a refusal from a service into form errors: next to the field it names, else at the top."""

from django.contrib import messages
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from fixloop.core.errors import Conflict, DomainError
from fixloop.core.validation import error_message


def apply_domain_error(request, form, exc: DomainError, aliases: dict | None = None) -> None:
    """Attach `exc` to `form`; a stale version also tells the user to reload."""
    if isinstance(exc, Conflict) and exc.code == "stale_version":
        form.stale = True
        messages.warning(request, _("This order changed while you were looking at it; it has been reloaded."))
    # A refusal names its field, or its code is aliased to one (e.g. "qc_items_failed" -> the checklist).
    field = (exc.details or {}).get("field") or exc.code
    field = (aliases or {}).get(field, field)
    if field in form.fields:
        form.add_error(field, str(exc.message))
    else:
        form.add_error(None, str(exc.message))


def apply_schema_errors(form, exc: PydanticValidationError, aliases: dict | None = None) -> None:
    """Errors the API's payload schema found in what the form produced (lengths, ranges)."""
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else None
        name = (aliases or {}).get(name, name)
        form.add_error(name if name in form.fields else None, error_message(error))
