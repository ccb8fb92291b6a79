"""Every setting is documented in the README's settings table."""

from __future__ import annotations

import re

from napkg.graph.settings import REPO_ROOT, SETTINGS, load_settings


def test_every_setting_is_documented_in_the_readme():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", readme, flags=re.M))
    assert set(SETTINGS) <= documented, set(SETTINGS) - documented
    for name, help_text in SETTINGS.items():
        assert help_text in readme, name


def test_environment_variables_override_defaults(monkeypatch):
    monkeypatch.setenv("NAPKG_QUERY_TIMEOUT_S", "2.5")
    monkeypatch.setenv("NAPKG_PORT", "8123")
    settings = load_settings()
    assert settings.query_timeout_s == 2.5 and settings.port == 8123
    assert load_settings(port=9000).port == 9000
