"""How a person's name is written: the one rule every page, document and export uses.

Chinese names put the family name first with no space (赵强, 李师傅); Western names read "First Last".
Django's default `get_full_name` always joins "first last" with a space, which reverses Chinese names.
"""

import re

# CJK Unified Ideographs (with extension A) and compatibility ideographs: enough to tell a Chinese name.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def person_name(first_name: str, last_name: str) -> str:
    """The full name to display: family name first without a space when either part is Chinese."""
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if has_cjk(first) or has_cjk(last):
        return f"{last}{first}"
    return f"{first} {last}".strip()
