"""Readable, translated names of the fault components orders record as codes (fault_category).

The field is free text: codes not listed here are shown as written, an empty one as "—".
"""

from django.utils.translation import gettext_lazy as _

COMPONENT_LABELS = {
    "power": _("Power supply"),
    "battery": _("Battery"),
    "screen": _("Screen"),
    "charging": _("Charging"),
    "camera": _("Camera"),
    "audio": _("Audio"),
    "board": _("Main board"),
    "software": _("Software"),
    "wifi": _("Wi-Fi"),
    "keyboard": _("Keyboard"),
    "print_head": _("Print head"),
    "refrigerant": _("Refrigerant"),
    # Components of the demo's imported order history (fixloop.demo.history).
    "water": _("Liquid damage"),
    "fan": _("Fan and cooling"),
    "storage": _("Storage drive"),
    "hinge": _("Hinge and housing"),
    "drain": _("Drain"),
    "inlet": _("Water inlet"),
    "bearing": _("Drum and bearing"),
    "door": _("Door lock"),
    "leak": _("Leak"),
    "motor": _("Motor"),
    "heater": _("Heater"),
    "compressor": _("Compressor"),
    "sensor": _("Temperature sensor"),
    "remote": _("Remote control"),
    "paper_feed": _("Paper feed"),
    "ink": _("Ink system"),
    "scanner": _("Scanner"),
}


def component_label(code: str | None) -> str:
    """The label of a component code, in the active language."""
    if not code or code == "—":
        return "—"
    label = COMPONENT_LABELS.get(code.strip().lower())
    return str(label) if label is not None else code
