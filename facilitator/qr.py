"""QR codes, drawn on the server as SVG with segno (no image library, no CDN)."""
import io

import segno
from flask import Response


def qr_svg_response(url: str, *, title: str) -> Response:
    buffer = io.BytesIO()
    # Error level M survives a projector's glare and a phone held at an angle.
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, title=title,
                                    dark="#000000", light="#ffffff")
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
