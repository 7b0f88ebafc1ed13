"""A person's browser session without a browser: requests plus the real forms."""
import re
from html import unescape

import requests


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(session: requests.Session, url: str, data: dict, *, form_page: str | None = None):
    page = session.get(form_page or url)
    return session.post(url, data={**data, "csrf_token": csrf_token(page.text)}, allow_redirects=True)


def input_values(html: str) -> dict:
    return {m.group(1): unescape(m.group(2))
            for m in re.finditer(r'<input id="([\w-]+)" class="copy-field" readonly value="([^"]+)"', html)}


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


class Organiser:
    """Creates the first organiser through the printed setup link, then rounds and tables."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.http = requests.Session()

    def set_up(self, setup_link: str, email: str = "organisator@example.nl",
               password: str = "correct horse battery") -> "Organiser":
        response = post_form(self.http, setup_link, {"email": email, "password": password, "confirm": password})
        assert response.url.endswith("/organiser"), response.text
        return self

    def create_round(self, name: str = "Buurtbudget Noord", budget: str = "12.500") -> str:
        response = post_form(self.http, self.base + "/organiser/rounds", {
            "name": name, "neighbourhood": "Noord", "budget": budget,
            "starts_on": "2027-01-01", "ends_on": "2027-03-31"}, form_page=self.base + "/organiser")
        assert "/organiser/rounds/" in response.url, response.text
        return response.url

    def frame_round(self, round_url: str, *, combination: str, rule: str = "mes", goals: str = "",
                    conditions: str = "") -> None:
        """The round's own frame, as the organiser saves it on the round page."""
        response = post_form(self.http, round_url + "/frame", {
            "goals": goals, "conditions": conditions, "rule": rule, "combination": combination},
            form_page=round_url)
        assert response.status_code == 200, response.text

    def create_table(self, round_url: str, title: str = "Speeltuin of moestuin?") -> dict:
        response = post_form(self.http, round_url + "/tables", {
            "title": title, "place": "Buurthuis De Meeuw", "starts_at": "2027-01-14T19:30"},
            form_page=round_url)
        assert "/organiser/tables/" in response.url, response.text
        links = input_values(response.text)
        table_id = int(response.url.rstrip("/").rsplit("/", 1)[1])
        code = links["join-link"].rsplit("/", 1)[1]
        return {"id": table_id, "code": code, "join": links["join-link"],
                "console": links["console-link"], "wall": links["wall-link"], "page": response.url}


def join_as_phone(table: dict, name: str = "") -> requests.Session:
    phone = requests.Session()
    response = post_form(phone, table["join"], {"display_name": name})
    assert response.status_code == 200 and "data-live" in response.text, response.text
    return phone


def open_link(url: str) -> requests.Session:
    browser = requests.Session()
    assert browser.get(url).status_code == 200
    return browser
