"""Every setting is documented in the README's settings table."""

from __future__ import annotations

import re

import pytest

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


def test_yes_no_settings_read_from_the_environment(monkeypatch):
    from napkg.graph.errors import NapKgError

    assert load_settings().access_log is False
    for raw, expected in (("1", True), ("true", True), ("On", True), ("0", False), ("no", False)):
        monkeypatch.setenv("NAPKG_ACCESS_LOG", raw)
        assert load_settings().access_log is expected, raw
    monkeypatch.setenv("NAPKG_ACCESS_LOG", "maybe")
    with pytest.raises(NapKgError, match="NAPKG_ACCESS_LOG='maybe'"):
        load_settings()
