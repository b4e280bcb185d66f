"""The production guide lists every setting read from the environment."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_environment_variable_is_documented():
    settings_source = (ROOT / "fixloop" / "config" / "settings.py").read_text()
    names = set(re.findall(r"""(?:environ\.get|env_bool|env_list|env_int)\(\s*["']([A-Z][A-Z0-9_]+)["']""", settings_source))
    guide = (ROOT / "docs" / "deployment.md").read_text()
    undocumented = sorted(name for name in names if f"`{name}`" not in guide)
    assert names and not undocumented, f"add to docs/deployment.md: {undocumented}"
