"""The address phones must use: never localhost, which a phone cannot reach."""
import ipaddress
import socket
from urllib.parse import urlsplit

import psutil


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.endswith(".localhost")


def lan_ipv4_addresses() -> list[str]:
    """IPv4 addresses of this machine's network interfaces that are up, private first."""
    stats = psutil.net_if_stats()
    found = []
    for name, addresses in psutil.net_if_addrs().items():
        if name in stats and not stats[name].isup:
            continue
        for address in addresses:
            if address.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(address.address)
            if ip.is_loopback or ip.is_link_local:
                continue
            found.append(ip)
    found.sort(key=lambda ip: (not ip.is_private, str(ip)))
    return [str(ip) for ip in found]


def public_base_url(*, public_url: str | None, request_url_root: str) -> str:
    """PUBLIC_URL when set; else the address this request came in on, unless that is
    loopback, in which case this machine's address on the local network."""
    if public_url:
        return public_url.rstrip("/")
    parts = urlsplit(request_url_root)
    if not _is_loopback(parts.hostname or ""):
        return request_url_root.rstrip("/")
    addresses = lan_ipv4_addresses()
    if not addresses:
        return request_url_root.rstrip("/")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{addresses[0]}{port}"
