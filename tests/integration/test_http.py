"""Pages and forms through Flask's test client, CSRF protection switched on."""
import io
import logging
import re
from pathlib import Path

import pytest

from facilitator.network import public_base_url
from sessions import account_services, round_services, table_services
from tests.support.web import csrf_token

from facilitator import unit_of_work

PASSWORD = "lang genoeg wachtwoord"


def post(client, url, data, *, form_page=None):
    page = client.get(form_page or url)
    return client.post(url, data={**data, "csrf_token": csrf_token(page.get_data(as_text=True))})


@pytest.fixture
def organiser(app, client):
    token = account_services.issue_setup_token(unit_of_work(app))
    response = post(client, f"/setup/{token}", {"email": "org@example.nl", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def round_url(organiser):
    response = post(organiser, "/organiser/rounds", {
        "name": "Buurtbudget Noord", "neighbourhood": "Noord", "budget": "12.500",
        "starts_on": "2027-01-01", "ends_on": "2027-03-31"}, form_page="/organiser")
    assert response.status_code == 302
    return response.location


@pytest.fixture
def table_url(organiser, round_url):
    response = post(organiser, round_url + "/tables", {
        "title": "Speeltuin", "place": "Buurthuis", "starts_at": "2027-01-14T19:30"}, form_page=round_url)
    assert response.status_code == 302
    return response.location


def text(response) -> str:
    return response.get_data(as_text=True)


def test_every_page_is_dutch_first_and_carries_the_security_headers(client):
    response = client.get("/")
    assert 'lang="nl"' in text(response) and "Meedoen" in text(response)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "<script>" not in text(response) and "onclick" not in text(response)


def test_the_language_switch_turns_the_site_english_and_stays_on_this_site(client):
    response = client.get("/lang/en?next=/login")
    assert response.status_code == 302 and response.location == "/login"
    page = text(client.get("/login"))
    assert 'lang="en"' in page and "Log in as organiser" in page
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        assert client.get(f"/lang/nl?next={target}").location == "/"
    assert client.get("/lang/fr").status_code == 404


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(app, organiser):
    response = organiser.post("/organiser/rounds", data={
        "name": "Stiekem", "neighbourhood": "Noord", "budget": "1", "starts_on": "2027-01-01", "ends_on": "2027-01-02"})
    assert response.status_code == 400 and "beveiligingscode" in text(response)
    assert round_services.rounds_of(unit_of_work(app), 1) == []


def test_an_organiser_creates_a_round_and_a_table_and_gets_its_three_links(organiser, round_url, table_url):
    dashboard = text(organiser.get("/organiser"))
    assert "Buurtbudget Noord" in dashboard and "€\xa012.500" in dashboard and "1 januari 2027" in dashboard
    page = text(organiser.get(table_url))
    code = re.search(r'class="code big-code">(\w{6})<', page).group(1)
    # PUBLIC_URL is what phones can reach; the links are built on it.
    assert f'value="http://buurthuis.local:5000/t/{code}"' in page
    assert 'value="http://buurthuis.local:5000/console/' in page and 'value="http://buurthuis.local:5000/wall/' in page
    assert "14 januari 2027, 19:30" in page
    qr = organiser.get(table_url + "/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data


@pytest.mark.parametrize("field, value, message", [
    ("budget", "twaalf", "Dit is geen bedrag. Schrijf het bedrag als 3.000 of 3.000,50."),
    ("budget", "-10", "Een bedrag kan niet negatief zijn."),
    ("budget", "3.5", "Niet duidelijk: is dit 3,50 of 3.500?"),
    ("ends_on", "2026-12-01", "einddatum"),
    ("name", "x" * 121, "120"),
])
def test_round_form_errors_are_explained_in_dutch_and_nothing_is_stored(app, organiser, field, value, message):
    data = {"name": "Ronde", "neighbourhood": "Noord", "budget": "100", "starts_on": "2027-01-01",
            "ends_on": "2027-03-31", field: value}
    response = post(organiser, "/organiser/rounds", data, form_page="/organiser")
    assert response.status_code == 400
    assert message.lower() in text(response).lower(), text(response)
    assert 'aria-invalid="true"' in text(response)
    assert round_services.rounds_of(unit_of_work(app), 1) == []


def test_organiser_pages_need_a_login_and_another_organisers_round_is_not_found(app, client, round_url, table_url):
    account_services.create_organiser(unit_of_work(app), email="ander@example.nl", password=PASSWORD)
    stranger = app.test_client()
    assert stranger.get("/organiser").status_code == 302
    post(stranger, "/login", {"email": "ander@example.nl", "password": PASSWORD})
    assert stranger.get("/organiser").status_code == 200
    for url in (round_url, table_url, table_url + "/qr.svg"):
        assert stranger.get(url).status_code == 404
    assert post(stranger, table_url + "/revoke", {}, form_page="/organiser").status_code == 404


def test_login_is_limited_per_account_and_a_brute_force_shows_in_the_log(app, organiser, caplog):
    guesser = app.test_client()
    statuses = [post(guesser, "/login", {"email": "org@example.nl", "password": f"gok {n} xxxxxx"}).status_code
                for n in range(7)]
    assert statuses[:5] == [400] * 5 and statuses[-1] == 429
    assert any("rate limit" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    # Another account on the same address (the same office) is not locked out.
    assert post(guesser, "/login", {"email": "ander@example.nl", "password": "wat dan ook"}).status_code == 400


def test_logging_out_ends_the_organiser_session(organiser):
    assert post(organiser, "/logout", {}, form_page="/organiser").status_code == 302
    assert organiser.get("/organiser").status_code == 302


def test_a_participant_joins_by_code_with_an_optional_name(app, client, table_url, organiser):
    code = re.search(r'class="code big-code">(\w{6})<', text(organiser.get(table_url))).group(1)
    phone = app.test_client()
    response = post(phone, "/join", {"code": code.lower()}, form_page="/")
    assert response.status_code == 302 and response.location == f"/t/{code}"
    join_page = text(phone.get(f"/t/{code}"))
    assert "Doe mee" in join_page
    too_long = post(phone, f"/t/{code}", {"display_name": "x" * 41})
    assert too_long.status_code == 400 and "40" in text(too_long)
    assert post(phone, f"/t/{code}", {"display_name": "Anna"}).status_code == 302
    assert "data-live" in text(phone.get(f"/t/{code}"))  # a reload keeps the seat
    snap = table_services.snapshot(unit_of_work(app), table_id=1, for_console=True)
    assert [p["display_name"] for p in snap["participants"]] == ["Anna"]


def test_an_unknown_code_is_explained_and_guessing_is_limited(app):
    guesser = app.test_client()
    first = post(guesser, "/join", {"code": "AAAAAA"}, form_page="/")
    assert first.status_code == 404 and "geen tafel met deze code" in text(first)
    link = guesser.get("/t/aaaaaa")  # a mistyped link, as a QR reader or a person gives it
    assert link.status_code == 404 and "geen tafel met deze code" in text(link) and 'value="aaaaaa"' in text(link)
    statuses = [post(guesser, "/join", {"code": "CCCCCC"}, form_page="/").status_code for _ in range(25)]
    assert 429 in statuses


def test_the_setup_link_is_refused_once_used_and_for_nonsense(client, organiser):
    assert client.get("/setup/not-a-token").status_code == 404


def test_a_revoked_console_link_shows_a_clear_page(app, organiser, table_url):
    console_link = re.search(r'id="console-link" class="copy-field" readonly value="([^"]+)"',
                             text(organiser.get(table_url))).group(1)
    path = console_link.split("5000", 1)[1]
    assert app.test_client().get(path).status_code == 200
    post(organiser, table_url + "/revoke", {}, form_page=table_url)
    gone = app.test_client().get(path)
    assert gone.status_code == 404 and "niet (meer)" in text(gone)


def test_create_organiser_on_the_command_line(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-organiser", "cli@example.nl"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert account_services.authenticate_organiser(unit_of_work(app), email="cli@example.nl", password=PASSWORD)
    again = runner.invoke(args=["create-organiser", "cli@example.nl", "--password", PASSWORD])
    assert again.exit_code != 0 and "e-mailadres" in again.output


def test_oversized_requests_are_refused(client):
    response = client.post("/join", data={"code": "x" * 300_000})
    assert response.status_code == 413


@pytest.mark.parametrize("public_url, root, expected", [
    ("https://buurttafel.example.nl/", "http://127.0.0.1:5000/", "https://buurttafel.example.nl"),
    (None, "http://192.168.1.20:5000/", "http://192.168.1.20:5000"),
])
def test_links_for_phones_use_the_public_url_or_the_address_people_came_in_on(public_url, root, expected):
    assert public_base_url(public_url=public_url, request_url_root=root) == expected


def test_links_for_phones_never_point_at_localhost_when_the_machine_has_a_network(monkeypatch):
    monkeypatch.setattr("facilitator.network.lan_ipv4_addresses", lambda: ["192.168.1.20"])
    assert public_base_url(public_url=None, request_url_root="http://localhost:5000/") == "http://192.168.1.20:5000"
    assert public_base_url(public_url=None, request_url_root="http://127.0.0.1:8080/") == "http://192.168.1.20:8080"


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def import_pb(organiser, round_url, content: bytes, filename: str):
    """Post a .pb file through the round page's import form."""
    page = organiser.get(round_url)
    return organiser.post(round_url + "/import", data={
        "csrf_token": csrf_token(text(page)), "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data")


def test_an_organiser_imports_a_pabulib_file_and_downloads_it_again(app, organiser, round_url):
    response = import_pb(organiser, round_url, (FIXTURES / "pabulib" / "poland_gdansk_2020_rudniki.pb").read_bytes(),
                         "rudniki.pb")
    assert response.status_code == 302 and "/organiser/tables/" in response.location
    table_page = text(organiser.get(response.location))
    assert "Pabulib" in table_page
    download = organiser.get(response.location + "/export.pb")
    assert download.status_code == 200 and "VOTES" in text(download) and "attachment" in download.headers["Content-Disposition"]


def test_the_import_page_says_which_repeated_votes_it_counted_once(app, organiser, round_url):
    fixture = FIXTURES / "pabulib-made" / "netherlands_amsterdam_2021_noord-repeated-votes.pb"
    response = import_pb(organiser, round_url, fixture.read_bytes(), "noord.pb")
    assert response.status_code == 302, text(response)
    table_page = text(organiser.get(response.location))
    assert "Regels 32, 37, 43: een stem noemt hetzelfde project meer dan eens. Het telt één keer." in table_page


def test_a_broken_pabulib_file_is_refused_naming_the_line(app, organiser, round_url):
    response = import_pb(organiser, round_url, b"META\nkey;value\nbudget;abc\n", "broken.pb")
    assert response.status_code == 400 and "regel" in text(response) and 'aria-invalid="true"' in text(response)
