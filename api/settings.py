"""The web service's settings: the graph's settings plus the server's address, port, access log and connection limits."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from napkg.graph.settings import Settings, read_settings, settings_help

__all__ = ["ServiceSettings", "SERVICE_SETTINGS", "load_service_settings"]


class ServiceSettings(Settings):
    """What ``napkg serve`` reads: every graph setting, and the web server's own."""

    host: str = Field("127.0.0.1", description="Address the service listens on")
    port: int = Field(8000, ge=0, le=65535, description="Port the service listens on")
    access_log: bool = Field(False, description="Log one line per HTTP request (uvicorn's access log); off by default, as it adds half again to the server's own work for a small /sparql query")
    base_url: str = Field("", description="URL prefix of the links pages give to nap-kg's IRIs (e.g. https://nap.example.org); empty: links to this server's own paths")
    trusted_proxies: str = Field("", description="Addresses or networks of reverse proxies (comma-separated) whose X-Forwarded-For names the client; empty: a client is its peer address")
    idle_timeout_s: float = Field(5.0, gt=0, description="Seconds an idle keep-alive connection stays open after a response")
    header_timeout_s: float = Field(10.0, gt=0, description="Seconds a connection has to send a whole request head, from connecting or from its last response")
    max_header_bytes: int = Field(65_536, ge=1024, description="Largest request head (request line and headers), in bytes; past it 414 or 431")
    max_connections: int = Field(1000, ge=1, description="Open connections the service holds; a new one past it closes the oldest idle one, else gets 503")
    send_timeout_s: float = Field(30.0, gt=0, description="Seconds a client may leave its response unread before the connection is dropped")


SERVICE_SETTINGS: dict[str, str] = settings_help(ServiceSettings)


def load_service_settings(**overrides: Any) -> ServiceSettings:
    """Service settings from defaults, then ``NAPKG_*`` environment variables, then ``overrides`` (None ignored).

    >>> load_service_settings(port=9000).port
    9000
    """
    return read_settings(ServiceSettings, overrides)
