"""Who a request comes from: its peer address, or the forwarded address when the peer is a trusted proxy.

The SPARQL endpoint shares its query workers fairly between clients
(:class:`~napkg.graph.store.fairness.ClientShares`), so it must name each client. A client is
the address of the TCP peer. Only when that peer is one of the ``trusted_proxies`` (addresses
or networks) is ``X-Forwarded-For`` read: from its right end, the first address that is not a
trusted proxy is the client (what a proxy appends can be trusted; what the client sent cannot).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["TrustedProxies", "client_address"]

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    """A set of proxy addresses and networks whose ``X-Forwarded-For`` is believed.

    >>> TrustedProxies(["10.0.0.0/8"]).trusts("10.1.2.3"), TrustedProxies([]).trusts("10.1.2.3")
    (True, False)
    """

    def __init__(self, networks: Iterable[str]) -> None:
        self.networks: tuple[_Network, ...] = tuple(ipaddress.ip_network(n.strip(), strict=False)
                                                    for n in networks if n.strip())

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, address: str) -> bool:
        """Whether ``address`` is a trusted proxy."""
        return bool(self.networks) and _trusted(address, self.networks)


@lru_cache(maxsize=4096)
def _trusted(address: str, networks: tuple[_Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str | None, forwarded_for: str | None, proxies: TrustedProxies) -> str:
    """The client a request counts against.

    >>> proxies = TrustedProxies(["127.0.0.1"])
    >>> client_address("127.0.0.1", "203.0.113.9, 198.51.100.7", proxies)
    '198.51.100.7'
    >>> client_address("192.0.2.1", "203.0.113.9", proxies)
    '192.0.2.1'
    """
    peer = peer or "unknown"
    if not forwarded_for or not proxies.trusts(peer):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not proxies.trusts(hop):
            return hop
    return hops[0] if hops else peer
