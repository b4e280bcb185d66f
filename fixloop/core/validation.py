"""Pydantic's validation errors in the caller's language, with a location a client can use.

Pydantic writes its messages in English ("Field required"); the API answers in the caller's language, so
each common error type gets a translated message built from the error's context (lengths, bounds, choices).
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Error type -> message; placeholders are filled from the error's `ctx` (e.g. max_length).
MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Enter text."),
    "string_too_short": gettext_lazy("Enter at least {min_length} characters."),
    "string_too_long": gettext_lazy("Enter at most {max_length} characters."),
    "string_pattern_mismatch": gettext_lazy("The value is not in the expected format."),
    "too_short": gettext_lazy("Give at least {min_length} items."),
    "too_long": gettext_lazy("Give at most {max_length} items."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "float_type": gettext_lazy("Enter a number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "decimal_type": gettext_lazy("Enter a number."),
    "decimal_parsing": gettext_lazy("Enter a number."),
    "finite_number": gettext_lazy("Enter a number."),
    "decimal_max_digits": gettext_lazy("Enter a number with at most {max_digits} digits."),
    "decimal_max_places": gettext_lazy("Enter a number with at most {decimal_places} decimal places."),
    "decimal_whole_digits": gettext_lazy(
        "Enter a number with at most {whole_digits} digits before the point."
    ),
    "greater_than": gettext_lazy("Enter a value greater than {gt}."),
    "greater_than_equal": gettext_lazy("Enter a value of at least {ge}."),
    "less_than": gettext_lazy("Enter a value less than {lt}."),
    "less_than_equal": gettext_lazy("Enter a value of at most {le}."),
    "bool_type": gettext_lazy("Enter true or false."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "date_type": gettext_lazy("Enter a valid date (YYYY-MM-DD)."),
    "date_parsing": gettext_lazy("Enter a valid date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("Enter a valid date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": gettext_lazy("Enter a valid date (YYYY-MM-DD)."),
    "datetime_type": gettext_lazy("Enter a valid date and time (ISO 8601)."),
    "datetime_parsing": gettext_lazy("Enter a valid date and time (ISO 8601)."),
    "datetime_from_date_parsing": gettext_lazy("Enter a valid date and time (ISO 8601)."),
    "datetime_object_invalid": gettext_lazy("Enter a valid date and time (ISO 8601)."),
    "time_type": gettext_lazy("Enter a valid time (HH:MM)."),
    "time_parsing": gettext_lazy("Enter a valid time (HH:MM)."),
    "uuid_type": gettext_lazy("Enter a valid UUID."),
    "uuid_parsing": gettext_lazy("Enter a valid UUID."),
    "enum": gettext_lazy("Choose one of: {expected}."),
    "literal_error": gettext_lazy("Choose one of: {expected}."),
    "list_type": gettext_lazy("Enter a list."),
    "dict_type": gettext_lazy("Enter an object."),
    "model_type": gettext_lazy("Enter an object."),
    "model_attributes_type": gettext_lazy("Enter an object."),
    "extra_forbidden": gettext_lazy("This field is not allowed."),
    "json_invalid": gettext_lazy("The request body could not be read as JSON."),
}


def error_message(error: dict) -> str:
    """One pydantic error as a sentence in the active language."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        # Raised by our own validators: their message is already written for the caller.
        return str(ctx["error"])
    template = MESSAGES.get(kind)
    if template is None:
        return _("The value is not valid.")
    params = {key: _plain(value) for key, value in ctx.items()}
    try:
        return str(template).format(**params)
    except (KeyError, IndexError, ValueError):
        # A context without the expected key (a pydantic change) still gives a sentence, without the figure.
        return _("The value is not valid.")


def error_location(loc: Iterable[Any], prefix: Iterable[str] = ()) -> list[str]:
    """`loc` as strings, without the repeat django-ninja adds: ("body", "body", "name") -> ["body", "name"]."""
    parts = [*prefix, *(str(part) for part in loc)]
    if len(parts) > 1 and parts[0] == parts[1]:
        parts = parts[1:]
    return parts


def describe_errors(errors: Iterable[dict], prefix: Iterable[str] = ()) -> list[dict]:
    """The JSON-safe `details.errors` list: location, translated message and pydantic's error type."""
    prefix = tuple(prefix)
    return [
        {
            "loc": error_location(e.get("loc", ()), prefix),
            "msg": error_message(e),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


def _plain(value: Any) -> str:
    # Pydantic lists choices as "'a', 'b' or 'c'"; the English "or" would stand out in a translated sentence.
    return str(value).replace(" or ", ", ")
