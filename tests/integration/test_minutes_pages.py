"""The organiser's minutes, round overview and erasure through real HTTP requests,
CSRF protection on; the console's and the wall's copies of the minutes."""
from datetime import date

import pytest

from facilitator import unit_of_work
from facilitator import demo
from sessions import account_services, round_services
from tests.integration.test_http import PASSWORD, post, text
from tests.support.minutes_check import Expected, check_document


@pytest.fixture
def demo_round(app, client):
    token = account_services.issue_setup_token(unit_of_work(app))
    assert post(client, f"/setup/{token}", {"email": "org@example.nl", "password": PASSWORD,
                                            "confirm": PASSWORD}).status_code == 302
    organiser_id = account_services.organiser_id_for_cli(unit_of_work(app), email="org@example.nl")
    return demo.create_demo_round(unit_of_work(app), organiser_id=organiser_id, today=date(2026, 11, 27))


def test_the_organiser_downloads_each_format_of_a_table_and_of_the_round(client, demo_round):
    table_id = demo_round["tables"][0]["id"]
    for fmt, mimetype, ending in [("pdf", "application/pdf", ".pdf"), ("docx", "officedocument", ".docx"),
                                  ("md", "text/markdown", ".md"), ("csv", "application/zip", ".zip"),
                                  ("json", "application/json", ".json"), ("pb", "text/plain", ".pb")]:
        response = client.get(f"/organiser/tables/{table_id}/minutes?format={fmt}&language=nl")
        assert response.status_code == 200, fmt
        assert mimetype in response.mimetype
        assert response.headers["Content-Disposition"].endswith(f'{ending}"')
    page = client.get(f"/organiser/tables/{table_id}/minutes?format=html&language=en")
    assert page.status_code == 200 and "Arguments by option" in text(page)
    round_pdf = client.get(f"/organiser/rounds/{demo_round['round_id']}/minutes?format=pdf")
    assert round_pdf.status_code == 200 and round_pdf.data.startswith(b"%PDF")


def test_a_bad_choice_is_explained_and_another_organisers_minutes_are_not_found(app, client, demo_round):
    table_id = demo_round["tables"][0]["id"]
    bad = client.get(f"/organiser/tables/{table_id}/minutes?format=exe")
    assert bad.status_code == 400 and "Ongeldige keuze" in text(bad) and 'aria-invalid="true"' in text(bad)
    account_services.create_organiser(unit_of_work(app), email="ander@example.nl", password=PASSWORD)
    other = app.test_client()
    assert post(other, "/login", {"email": "ander@example.nl", "password": PASSWORD}).status_code == 302
    assert other.get(f"/organiser/tables/{table_id}/minutes?format=md").status_code == 404
    assert other.get(f"/organiser/rounds/{demo_round['round_id']}/minutes?format=md").status_code == 404
    assert other.get(f"/organiser/rounds/{demo_round['round_id']}/overview.json").status_code == 404
    assert app.test_client().get(f"/organiser/tables/{table_id}/minutes").status_code == 302  # to the login


def test_the_round_overview_gives_each_tables_progress_in_words(client, demo_round):
    overview = client.get(f"/organiser/rounds/{demo_round['round_id']}/overview.json").get_json()
    first = overview["tables"][str(demo_round["tables"][0]["id"])]
    assert first["phase"] == "Afgerond · verslag definitief"
    assert first["participant_count"] == str(len(demo.TABLES[0]["names"]))
    assert first["decision"].startswith("Instemming met voorbehoud: Speeltoestellen Kastanjeplein")
    # Each table decided on the round's € 50.000; together they asked for more, and the overview says so.
    assert overview["total"].replace("\xa0", " ") == "Besloten: € 81.000 van € 50.000, € 31.000 meer dan het budget van de ronde."


def test_erasing_needs_the_box_ticked_and_then_keeps_the_minutes(client, demo_round):
    round_url = f"/organiser/rounds/{demo_round['round_id']}"
    refused = post(client, round_url + "/erase", {}, form_page=round_url)
    assert refused.status_code == 400 and "Vink het vakje aan" in text(refused)
    assert "Anneke" in client.get(f"/organiser/tables/{demo_round['tables'][0]['id']}/minutes?format=md&names=y").data.decode()
    done = post(client, round_url + "/erase", {"confirm": "y"}, form_page=round_url)
    assert done.status_code == 302
    assert "zijn gewist op" in text(client.get(round_url))
    after = client.get(f"/organiser/tables/{demo_round['tables'][0]['id']}/minutes?format=md&names=y").data.decode()
    assert "Anneke" not in after and demo.TABLES[0]["options"][0][0] in after


def test_the_retention_date_is_checked_and_saved(client, demo_round):
    round_url = f"/organiser/rounds/{demo_round['round_id']}"
    early = post(client, round_url + "/retention", {"retention_until": "2026-11-28"}, form_page=round_url)
    assert early.status_code == 400 and "minstens tot het einde van de ronde" in text(early)
    saved = post(client, round_url + "/retention", {"retention_until": "2027-06-30"}, form_page=round_url)
    assert saved.status_code == 302
    assert 'value="2027-06-30"' in text(client.get(round_url))


def test_console_and_wall_get_anonymous_minutes_by_their_links(app, client, demo_round):
    table = round_services.table_for_organiser(unit_of_work(app), organiser_id=1, table_id=demo_round["tables"][1]["id"])
    anonymous = app.test_client()
    wall = anonymous.get(f"/wall/{table['wall_token']}/minutes.json").get_json()
    assert wall["draft"] is False and wall["heading"] == "Het verslag is vastgesteld"
    words = " ".join(b["text"] + " ".join(b["items"]) + " ".join(c for r in b["rows"] for c in r) for b in wall["blocks"])
    assert demo.TABLES[1]["options"][0][0] in words and "Hanna" not in words
    pdf = anonymous.get(f"/console/{table['facilitator_token']}/minutes?format=pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    expected = Expected(arguments=[], options={}, funded=[], names=[n for n in demo.TABLES[1]["names"] if n])
    check_document("pdf", pdf.data, expected)
    assert anonymous.get("/wall/not-a-token/minutes.json").status_code == 404
    assert anonymous.get("/console/not-a-token/minutes").status_code == 404
