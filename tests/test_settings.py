"""Every setting is documented in the README's settings table, and read from the environment."""

from __future__ import annotations

import re

import pytest

from napkg.api.settings import SERVICE_SETTINGS, ServiceSettings, load_service_settings
from napkg.graph.errors import NapKgError
from napkg.graph.settings import REPO_ROOT, SETTINGS, load_settings


def test_every_setting_is_documented_in_the_readme():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", readme, flags=re.M))
    assert set(SERVICE_SETTINGS) <= documented, set(SERVICE_SETTINGS) - documented
    for name, help_text in SERVICE_SETTINGS.items():
        assert help_text in readme, name


def test_every_setting_has_a_default_and_a_help_line():
    for name, field in ServiceSettings.model_fields.items():
        assert field.description, name
        assert not field.is_required(), name


def test_the_service_settings_extend_the_graph_settings():
    assert set(SETTINGS) < set(SERVICE_SETTINGS)
    assert {"host", "port", "access_log", "base_url", "trusted_proxies", "idle_timeout_s", "header_timeout_s",
            "max_header_bytes", "max_connections", "send_timeout_s"} == set(SERVICE_SETTINGS) - set(SETTINGS)


def test_environment_variables_override_defaults(monkeypatch):
    monkeypatch.setenv("NAPKG_QUERY_TIMEOUT_S", "2.5")
    monkeypatch.setenv("NAPKG_PORT", "8123")
    settings = load_service_settings()
    assert settings.query_timeout_s == 2.5 and settings.port == 8123
    assert load_settings().query_timeout_s == 2.5
    assert load_service_settings(port=9000).port == 9000


def test_options_left_out_keep_the_environment(monkeypatch):
    monkeypatch.setenv("NAPKG_MAX_RESULTS", "50")
    assert load_settings(max_results=None).max_results == 50


def test_yes_no_settings_read_from_the_environment(monkeypatch):
    assert load_service_settings().access_log is False
    for raw, expected in (("1", True), ("true", True), ("On", True), ("0", False), ("no", False)):
        monkeypatch.setenv("NAPKG_ACCESS_LOG", raw)
        assert load_service_settings().access_log is expected, raw
    monkeypatch.setenv("NAPKG_ACCESS_LOG", "maybe")
    with pytest.raises(NapKgError, match="NAPKG_ACCESS_LOG='maybe'"):
        load_service_settings()


def test_a_bad_value_names_the_setting(monkeypatch):
    monkeypatch.setenv("NAPKG_QUERY_WORKERS", "-1")
    with pytest.raises(NapKgError, match="NAPKG_QUERY_WORKERS='-1'"):
        load_settings()
    monkeypatch.delenv("NAPKG_QUERY_WORKERS")
    with pytest.raises(NapKgError, match="setting query_timeout_s=0"):
        load_settings(query_timeout_s=0)
