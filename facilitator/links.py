"""Absolute links for QR codes and for copying: they must work from a phone."""
from flask import current_app, request, url_for

from .network import public_base_url


def absolute(endpoint: str, **values) -> str:
    base = public_base_url(public_url=current_app.config["PUBLIC_URL"], request_url_root=request.url_root)
    return base + url_for(endpoint, **values)


def table_links(summary: dict) -> dict:
    return {
        "join": absolute("public.table", code=summary["join_code"]),
        "console": absolute("tables.console", token=summary["facilitator_token"]),
        "wall": absolute("tables.wall", token=summary["wall_token"]),
    }
