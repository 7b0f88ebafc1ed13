"""Issue 16, finding 12, against a real server (run.py, eventlet): ids out of range are
no page, and every response, Socket.IO's own included, carries the security headers."""
import requests

HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
           "Permissions-Policy")


def test_ids_beyond_what_a_column_holds_are_404_not_500(server, organiser):
    for number in (2**31, 2**63, 2**63 + 1, 10**30):
        for path in (f"/organiser/rounds/{number}", f"/organiser/tables/{number}/minutes",
                     f"/organiser/rounds/{number}/overview.json", f"/organiser/tables/{number}/qr.svg"):
            assert organiser.http.get(server.url + path).status_code == 404, path
    assert organiser.http.get(server.url + f"/organiser/rounds/{2**31 - 1}").status_code == 404


def test_socket_io_answers_carry_the_security_headers(server):
    handshake = requests.get(server.url + "/socket.io/?EIO=4&transport=polling", timeout=10)
    refused = requests.get(server.url + "/socket.io/?EIO=1&transport=nonsense", timeout=10)
    page = requests.get(server.url + "/", timeout=10)
    assert all(page.headers.get(name) for name in HEADERS)
    for response in (handshake, refused):
        for name in HEADERS:
            assert response.headers.get(name) == page.headers[name], (response.url, name)
        assert len([k for k in response.raw.headers.keys() if k.lower() == "content-security-policy"]) == 1
