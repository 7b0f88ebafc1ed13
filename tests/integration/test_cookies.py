"""The session cookie (a phone's seat, an organiser's login): HttpOnly and SameSite always,
Secure whenever people reach the site over HTTPS."""
import pytest

from facilitator import create_app


def session_cookie(tmp_path, monkeypatch, *, public_url, secure_setting=None):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    if secure_setting is not None:
        monkeypatch.setenv("SESSION_COOKIE_SECURE", secure_setting)
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
                      "PUBLIC_URL": public_url, "TESTING": True})
    try:
        cookie = app.test_client().get("/", base_url=public_url).headers["Set-Cookie"]
    finally:
        app.extensions["engine"].dispose()
    return [part.strip() for part in cookie.split(";")]


@pytest.mark.parametrize("public_url, secure_setting, secure", [
    ("https://buurttafel.example.nl", None, True),   # behind a TLS proxy: follows PUBLIC_URL
    ("http://192.168.1.20:5000", None, False),       # a laptop on the venue's Wi-Fi serves plain http
    ("https://buurttafel.example.nl", "0", False),   # an explicit setting wins
    ("http://192.168.1.20:5000", "1", True),
])
def test_the_session_cookie_is_secure_exactly_when_served_over_https(tmp_path, monkeypatch, public_url,
                                                                     secure_setting, secure):
    parts = session_cookie(tmp_path, monkeypatch, public_url=public_url, secure_setting=secure_setting)
    assert "HttpOnly" in parts and "SameSite=Lax" in parts
    assert ("Secure" in parts) is secure
