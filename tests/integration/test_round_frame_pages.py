"""The round page's frame and table-budgets forms through Flask's test client, CSRF on:
saved, refused with a clear error in Dutch or English, nothing stored when refused."""
import re

import pytest

from facilitator import unit_of_work
from sessions import round_services

from .test_http import organiser, post, round_url, text  # noqa: F401  (fixtures)

FRAME = {"goals": "Een groenere buurt", "conditions": "Alleen eenmalige kosten", "rule": "greedy",
         "combination": "table_budgets"}


def make_tables(client, round_url, *titles):
    ids = []
    for title in titles:
        response = post(client, round_url + "/tables", {"title": title, "place": "Buurthuis",
                                                        "starts_at": "2027-01-14T19:30"}, form_page=round_url)
        assert response.status_code == 302
        ids.append(int(response.location.rstrip("/").rsplit("/", 1)[1]))
    return ids


def round_id_of(url):
    return int(url.rstrip("/").rsplit("/", 1)[1])


def saved_round(app, url):
    return round_services.round_with_tables(unit_of_work(app), organiser_id=1, round_id=round_id_of(url))


def test_the_organiser_saves_the_round_frame_and_the_page_shows_it(app, organiser, round_url):
    response = post(organiser, round_url + "/frame", FRAME, form_page=round_url)
    assert response.status_code == 302 and response.location.endswith("#round-frame-heading")
    page = text(organiser.get(round_url))
    assert "De kaders van de ronde zijn opgeslagen." in page and "Een groenere buurt" in page
    assert re.search(r'value="greedy"[^>]*checked|checked[^>]*value="greedy"', page)
    assert re.search(r'value="table_budgets"[^>]*checked|checked[^>]*value="table_budgets"', page)
    assert "Meeste steun eerst" in page and "Tafelbudgetten: het rondebudget" in page
    frame = saved_round(app, round_url)["frame"]
    assert (frame["goals"], frame["rule"], frame["combination"]) == ("Een groenere buurt", "greedy", "table_budgets")


@pytest.mark.parametrize("language, field, value, message", [
    ("nl", "combination", "iedereen", "Kies hoe het werk van de tafels één besluit wordt."),
    ("en", "rule", "dobbelsteen", "Choose one of the decision rules offered."),
    ("nl", "goals", "x" * 2001, "2000"),
    ("en", "goals", "bel\x07", "control characters"),
    ("nl", "goals", "bel\x07", "stuurtekens"),
])
def test_a_bad_round_frame_is_explained_and_nothing_is_stored(app, organiser, round_url, language, field, value,
                                                               message):
    organiser.get(f"/lang/{language}")
    response = post(organiser, round_url + "/frame", {**FRAME, field: value}, form_page=round_url)
    assert response.status_code == 400
    body = text(response)
    assert message.lower() in body.lower(), body
    assert 'class="error"' in body
    assert saved_round(app, round_url)["frame"]["recorded"] is False


def test_a_round_frame_without_its_csrf_token_is_refused(app, organiser, round_url):
    response = organiser.post(round_url + "/frame", data=FRAME)
    assert response.status_code == 400 and saved_round(app, round_url)["frame"]["recorded"] is False


@pytest.mark.parametrize("language, shares, message", [
    ("nl", ("5.000", "7.000"), "De delen zijn samen € 12.000: van het rondebudget van € 12.500 is nog € 500 te verdelen."),
    ("nl", ("5.000", "8.000"), "De delen zijn samen € 13.000: € 500 meer dan het rondebudget van € 12.500."),
    ("en", ("5,000", "7,000"), "The shares add up to € 12,000: € 500 of the round budget of € 12,500 is still to be given."),
    ("nl", ("vijf", "7.500"), "Dit is geen bedrag."),
    ("nl", ("3.5", "7.500"), "Niet duidelijk: is dit 3,50 of 3.500?"),
])
def test_shares_that_do_not_add_up_say_how_much_is_left_or_too_much(app, organiser, round_url, language, shares,
                                                                     message):
    one, two = make_tables(organiser, round_url, "Tafel een", "Tafel twee")
    organiser.get(f"/lang/{language}")
    response = post(organiser, round_url + "/shares", {f"share_{one}": shares[0], f"share_{two}": shares[1]},
                    form_page=round_url)
    assert response.status_code == 400
    assert message in text(response).replace("\xa0", " "), text(response)
    assert saved_round(app, round_url)["shares"] == {}


def test_shares_that_add_up_are_saved_and_become_the_tables_budgets(app, organiser, round_url):
    one, two = make_tables(organiser, round_url, "Tafel een", "Tafel twee")
    response = post(organiser, round_url + "/shares", {f"share_{one}": "€ 5.000,-", f"share_{two}": "7.500"},
                    form_page=round_url)
    assert response.status_code == 302
    assert saved_round(app, round_url)["shares"] == {one: 500_000, two: 750_000}
    assert [t["budget_cents"] for t in saved_round(app, round_url)["tables"]] == [1_250_000, 1_250_000]
    post(organiser, round_url + "/frame", FRAME, form_page=round_url)
    page = text(organiser.get(round_url))
    assert re.search(f'<input[^>]*name="share_{one}"[^>]*value="€\xa05.000"', page)
    cells = organiser.get(round_url + "/overview.json").get_json()["tables"]
    assert (cells[str(one)]["budget"], cells[str(two)]["budget"]) == ("€\xa05.000", "€\xa07.500")
    combined = organiser.get(round_url + "/overview.json").get_json()["combined"]
    assert combined.strip().startswith("<div class=\"round-combined\" data-round-combined>")
    assert "round-combined-bar-title" in combined and "€\xa00 van het rondebudget van €\xa012.500" in combined
    assert "De besluiten van de tafels samen: €\xa00 van het rondebudget van €\xa012.500." in page
