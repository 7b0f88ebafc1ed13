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


def test_logging_out_ends_every_copy_of_the_login_cookie(server, organiser):
    """Finding 5: a copy of the session cookie taken before logout opens nothing after it."""
    from tests.support.web import csrf_token, post_form

    copy = requests.Session()
    copy.cookies.update(organiser.http.cookies)
    assert copy.get(server.url + "/organiser", allow_redirects=False).status_code == 200
    logged_out = post_form(organiser.http, server.url + "/logout", {}, form_page=server.url + "/organiser")
    assert logged_out.status_code == 200
    assert copy.get(server.url + "/organiser", allow_redirects=False).status_code == 302
    page = copy.get(server.url + "/login")
    made = copy.post(server.url + "/organiser/rounds", allow_redirects=False, data={
        "name": "Na het uitloggen", "neighbourhood": "Noord", "budget": "1.000", "starts_on": "2027-01-01",
        "ends_on": "2027-03-31", "csrf_token": csrf_token(page.text)})
    assert made.status_code in (302, 400) and "/login" in made.headers.get("Location", "/login")
    assert "Na het uitloggen" not in organiser.http.get(server.url + "/organiser").text
    # Logging in again works, and a new cookie is a new login.
    fresh = requests.Session()
    assert post_form(fresh, server.url + "/login", {"email": "organisator@example.nl",
                                                   "password": "correct horse battery"}).url.endswith("/organiser")
    assert copy.get(server.url + "/organiser", allow_redirects=False).status_code == 302
