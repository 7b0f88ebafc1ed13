"""Issue 17, part 3: a round's public results page. Off until the organiser publishes it,
404 when taken down or erased, never a name, label, author number or facilitator in the
page or in any downloaded format, and how each funded plan is going."""
import copy
import io
import json
import re
import zipfile
from datetime import date, datetime, timezone

import pytest
import segno
from docx import Document
from pypdf import PdfReader
from sqlmodel import select

from facilitator import demo, unit_of_work
from sessions import account_services, privacy_services, public_results, round_services
from sessions.clusters import Option
from tests.integration.test_http import PASSWORD, post, text

# Unique strings that only a person's data could bring onto a page.
SECRET_NAMES = [f"Qzname{n}x" for n in range(1, 8)]
SECRET_PAPER = "Qzpaperlabelx"
SECRET_FACILITATOR = "Qzfacilitatorx"
SECRET_ROLES = "Qzrolesx leidt het gesprek"
SECRET_CARRIER = "Qzcarrierx"
SECRET_HIDDEN = "Qzhiddenx zeurt altijd"
OTHER_ROUND_TITLE = "Qzotherroundx"
SECRETS = [*SECRET_NAMES, SECRET_PAPER, SECRET_FACILITATOR, "Qzrolesx", SECRET_CARRIER, "Qzhiddenx", OTHER_ROUND_TITLE]


def spec(title: str) -> dict:
    table = copy.deepcopy(demo.TABLES[0])
    table.update(title=title, facilitator=SECRET_FACILITATOR, roles=SECRET_ROLES,
                 names=[*SECRET_NAMES, None], paper=[(SECRET_PAPER, [0, 1])],
                 hidden=("tegen", SECRET_HIDDEN, "Persoonlijke aanval"))
    return table


def setup_organiser(app, client, email="org@example.nl") -> int:
    token = account_services.issue_setup_token(unit_of_work(app))
    assert post(client, f"/setup/{token}", {"email": email, "password": PASSWORD, "confirm": PASSWORD}).status_code == 302
    return account_services.organiser_id_for_cli(unit_of_work(app), email=email)


@pytest.fixture
def world(app, client):
    """A round with one table that decided (people with names, a paper ballot, a
    facilitator) and one that did not; another organiser's decided round beside it."""
    mine = setup_organiser(app, client)
    other = account_services.create_organiser(unit_of_work(app), email="ander@example.nl", password=PASSWORD)
    starts = datetime(2026, 11, 20, 18, tzinfo=timezone.utc)

    def make_round(organiser_id, name):
        return round_services.create_round(unit_of_work(app), organiser_id=organiser_id, name=name,
                                           neighbourhood="Vogelbuurt", budget_cents=50_000_00,
                                           starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 31))

    budget_round = make_round(mine, "Buurtbudget Vogelbuurt")
    decided = demo._finished_table(unit_of_work(app), mine, budget_round["id"], spec("Groen en spelen"), starts)
    round_services.create_table(unit_of_work(app), organiser_id=mine, round_id=budget_round["id"],
                                title="Verkeer", place="Zaal 2", starts_at=starts)
    with unit_of_work(app) as uow:
        for option in uow.session.exec(select(Option).where(Option.table_id == decided["id"])).all():
            option.carried_by = SECRET_CARRIER
            uow.session.add(option)
        uow.commit()
    other_round = make_round(other, "Andere ronde")
    demo._finished_table(unit_of_work(app), other, other_round["id"], spec(OTHER_ROUND_TITLE), starts)
    with unit_of_work(app) as uow:
        funded = public_results.round_results(uow.session, uow.session.get(
            public_results.BudgetRound, budget_round["id"]))["funded"]
    return {"mine": mine, "other": other, "round": budget_round, "other_round": other_round, "funded": funded}


def publish(client, round_id, *, on=True):
    action = "publish" if on else "unpublish"
    return post(client, f"/organiser/rounds/{round_id}/results/{action}", {},
                form_page=f"/organiser/rounds/{round_id}/results")


def code_of(app, round_id) -> str:
    with unit_of_work(app) as uow:
        return uow.session.get(public_results.RoundPublication, round_id).code


def test_the_round_decision_is_the_tables_decided_options_with_their_reasons(world):
    funded = world["funded"]
    # The demo table decided options 0, 1 and 3 under the Method of Equal Shares.
    assert [o["title"] for o in funded] == ["Speeltoestellen Kastanjeplein", "Geveltuinen in de Vogelbuurt",
                                            "Moestuin bij de school"]
    assert [o["cost_cents"] for o in funded] == [18_000_00, 8_000_00, 9_500_00]
    assert all(o["reason"]["nl"] and o["reason"]["en"] for o in funded)
    assert [o["number"] for o in funded] == [1, 2, 3]


def test_the_page_is_404_until_published_and_again_once_taken_down(app, client, world):
    round_id = world["round"]["id"]
    assert client.get(f"/organiser/rounds/{round_id}/results/qr.svg").status_code == 404  # no code yet
    response = publish(client, round_id)
    assert response.status_code == 302
    code = code_of(app, round_id)
    assert re.fullmatch(r"[ACEFHJKMNPRTWXY3479]{8}", code)
    anybody = app.test_client()
    page = anybody.get(f"/r/{code}")
    assert page.status_code == 200, text(page)
    body = text(page)
    assert "Buurtbudget Vogelbuurt" in body and "Speeltoestellen Kastanjeplein" in body
    assert "budget-bar" in body and "€\xa035.500" in body and "€\xa050.000" in body
    assert page.headers["Cache-Control"] == "no-store"
    assert "default-src" in page.headers["Content-Security-Policy"] and "unsafe-inline" not in \
        page.headers["Content-Security-Policy"].split("script-src")[-1].split(";")[0]
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script" not in body  # works without JavaScript
    # Typed from a poster: lower case and a dash go to the page itself.
    typed = anybody.get(f"/r/{code[:4].lower()}-{code[4:].lower()}")
    assert typed.status_code == 302 and typed.location.endswith(f"/r/{code}")
    assert anybody.get(f"/r/{code}/minutes?format=json").status_code == 200

    assert publish(client, round_id, on=False).status_code == 302
    assert anybody.get(f"/r/{code}").status_code == 404
    assert anybody.get(f"/r/{code}/minutes?format=json").status_code == 404
    # Published again: the same code, so the posters keep working.
    publish(client, round_id)
    assert code_of(app, round_id) == code and anybody.get(f"/r/{code}").status_code == 200


def test_the_round_page_says_whether_the_results_are_public_and_where(app, client, world):
    round_id = world["round"]["id"]
    round_page = f"/organiser/rounds/{round_id}"
    assert "Niet openbaar" in text(client.get(round_page))
    publish(client, round_id)
    code = code_of(app, round_id)
    body = text(client.get(round_page))
    assert "Openbaar" in body and "Niet openbaar" not in body and f"/r/{code}</a>" in body
    publish(client, round_id, on=False)
    assert "Niet openbaar" in text(client.get(round_page))


def test_an_erased_round_has_no_public_page_and_cannot_be_published(app, client, world):
    round_id = world["round"]["id"]
    publish(client, round_id)
    code = code_of(app, round_id)
    privacy_services.erase_round_personal_data(unit_of_work(app), organiser_id=world["mine"], round_id=round_id)
    assert client.get(f"/r/{code}").status_code == 404
    assert client.get(f"/r/{code}/minutes?format=md").status_code == 404
    response = publish(client, round_id)
    assert response.status_code == 400 and "gewist" in text(response)


def test_unknown_and_malformed_codes_are_404(client, world):
    for code in ("AAAAAAAA", "ACEFHJKM", "x", "0" * 8, "ACEFHJKMN" * 30, "%00"):
        assert client.get(f"/r/{code}").status_code == 404, code
        assert client.get(f"/r/{code}/minutes").status_code == 404, code


def test_another_organiser_can_neither_publish_nor_record_a_status(app, world):
    round_id = world["round"]["id"]
    intruder = app.test_client()
    with intruder.session_transaction() as session:
        session["_user_id"] = f"{world['other']}:{account_services.organiser_login(unit_of_work(app), world['other'])[1]}"
    page = intruder.get(f"/organiser/rounds/{world['other_round']['id']}/results")
    assert page.status_code == 200
    for url, data in ((f"/organiser/rounds/{round_id}/results/publish", {}),
                      (f"/organiser/rounds/{round_id}/results/unpublish", {}),
                      (f"/organiser/rounds/{round_id}/results/status",
                       {"option_id": world["funded"][0]["option_id"], "status": "klaar", "on_date": "1-12-2026"})):
        response = post(intruder, url, data, form_page=f"/organiser/rounds/{world['other_round']['id']}/results")
        assert response.status_code == 404, url
    assert intruder.get(f"/organiser/rounds/{round_id}/results").status_code == 404
    assert intruder.get(f"/organiser/rounds/{round_id}/results/qr.svg").status_code == 404
    with unit_of_work(app) as uow:
        assert uow.session.get(public_results.RoundPublication, round_id) is None
        assert uow.session.exec(select(public_results.OptionStatusUpdate)).all() == []


def formats_as_text(body: bytes, fmt: str) -> str:
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if fmt == "docx":
        document = Document(io.BytesIO(body))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if fmt == "csv" or body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    return body.decode()


FORMATS = ("pdf", "docx", "md", "csv", "json", "pb", "html")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_personal_data_on_the_page_or_in_any_format(app, client, world, language):
    round_id = world["round"]["id"]
    publish(client, round_id)
    code = code_of(app, round_id)
    for fmt in FORMATS:
        # The checker can see them: the organiser's minutes with names hold every one.
        named = client.get(f"/organiser/rounds/{round_id}/minutes?format={fmt}&language={language}&names=y")
        assert named.status_code == 200
        seen = formats_as_text(named.data, fmt)
        if fmt in ("md", "json", "html", "docx", "pdf"):
            assert SECRET_NAMES[0] in seen and SECRET_FACILITATOR in seen, fmt
        if fmt == "json":
            assert SECRET_PAPER in seen and SECRET_CARRIER in seen and "Qzrolesx" in seen, fmt

    anybody = app.test_client()
    anybody.get(f"/lang/{language}")
    page = anybody.get(f"/r/{code}")
    assert page.status_code == 200
    shown = {"page": text(page)}
    for fmt in FORMATS:
        response = anybody.get(f"/r/{code}/minutes?format={fmt}&language={language}")
        assert response.status_code == 200, fmt
        shown[fmt] = formats_as_text(response.data, fmt)
    for where, content in shown.items():
        assert [s for s in SECRETS if s.lower() in content.lower()] == [], where
    assert ("Speeltoestellen Kastanjeplein" in shown["page"] and "Speeltoestellen Kastanjeplein" in shown["md"])
    # No author numbers: no argument says whose it is; ballots and signals in an order of their content.
    record = json.loads(shown["json"])
    table = record["tables"][0]
    assert [a["participant_number"] for a in table["arguments"]] == [None] * len(table["arguments"])
    assert all("paper" not in b and "participant_number" not in b and "label" not in b
               for r in table["ballot_rounds"] for b in r["ballots"])
    participant = "Participant" if language == "en" else "Deelnemer"
    assert not re.search(participant + r" \d+\)", shown["md"])  # "(Deelnemer 3)" after an argument
    # The organiser's own anonymous minutes still number authors; the public ones never do.
    organisers = client.get(f"/organiser/rounds/{round_id}/minutes?format=json").get_json()
    assert any(a["participant_number"] for a in organisers["tables"][0]["arguments"])


def test_the_page_speaks_dutch_first_and_english_on_request(app, client, world):
    publish(client, world["round"]["id"])
    code = code_of(app, world["round"]["id"])
    anybody = app.test_client()
    dutch = text(anybody.get(f"/r/{code}"))
    assert 'lang="nl"' in dutch and "Wat er besloten is" in dutch and "Waarom:" in dutch
    assert f'href="/lang/en?next=/r/{code}"' in dutch
    anybody.get(f"/lang/en?next=/r/{code}")
    english = text(anybody.get(f"/r/{code}"))
    assert 'lang="en"' in english and "What was decided" in english and "Why:" in english


def status(client, round_id, option_id, **fields):
    return post(client, f"/organiser/rounds/{round_id}/results/status", {"option_id": option_id, **fields},
                form_page=f"/organiser/rounds/{round_id}/results")


def test_status_updates_are_kept_and_the_latest_is_on_the_page(app, client, world):
    round_id = world["round"]["id"]
    option = world["funded"][0]["option_id"]
    publish(client, round_id)
    code = code_of(app, round_id)
    assert status(client, round_id, option, status="gepland", on_date="1-12-2026", note="Offerte gevraagd").status_code == 302
    assert status(client, round_id, option, status="in_uitvoering", on_date="15 januari 2027",
                  note="De toestellen zijn besteld").status_code == 302
    body = text(app.test_client().get(f"/r/{code}"))
    assert "In uitvoering" in body and "15 januari 2027" in body and "De toestellen zijn besteld" in body
    assert "Alle 2 updates" in body and "Offerte gevraagd" in body  # the history, in a <details>
    # An earlier date typed later is history, not the status.
    assert status(client, round_id, option, status="gepland", on_date="2026-11-30").status_code == 302
    body = text(app.test_client().get(f"/r/{code}"))
    latest = body.split('id="option-%d"' % option)[1].split("status-history")[0]
    assert "In uitvoering" in latest and "Alle 3 updates" in body


@pytest.mark.parametrize("fields, field, message_nl", [
    ({"status": "vervallen", "on_date": "1-12-2026", "reason": ""}, "reason", "heeft een reden nodig"),
    ({"status": "klaar", "on_date": "31-2-2027"}, "on_date", "geldige datum"),
    ({"status": "klaar", "on_date": "morgen"}, "on_date", "geldige datum"),
    ({"status": "gebouwd", "on_date": "1-12-2026"}, "status", ""),
    ({"status": "klaar", "on_date": "1-12-2026", "note": "x" * 281}, "note", ""),
])
def test_a_wrong_status_update_is_refused_with_the_reason_and_nothing_is_stored(app, client, world, fields, field,
                                                                                  message_nl):
    round_id = world["round"]["id"]
    option = world["funded"][1]["option_id"]
    response = status(client, round_id, option, **fields)
    assert response.status_code == 400
    body = text(response)
    assert f'id="status-{option}-{field}-error"' in body and message_nl in body
    assert f'aria-invalid="true"' in body
    with unit_of_work(app) as uow:
        assert uow.session.exec(select(public_results.OptionStatusUpdate)).all() == []


def test_errors_of_a_status_update_in_english(app, client, world):
    client.get("/lang/en")
    option = world["funded"][1]["option_id"]
    response = status(client, world["round"]["id"], option, status="vervallen", on_date="1-12-2026")
    assert response.status_code == 400 and "A dropped plan needs a reason" in text(response)
    response = status(client, world["round"]["id"], option, status="klaar", on_date="32-1-2027")
    assert "Give a valid date as day-month-year" in text(response)


def test_only_an_option_the_round_funded_gets_a_status(app, client, world):
    round_id = world["round"]["id"]
    with unit_of_work(app) as uow:
        options = uow.session.exec(select(Option.id, Option.title)).all()
        other_round_option = public_results.round_results(uow.session, uow.session.get(
            public_results.BudgetRound, world["other_round"]["id"]))["funded"][0]["option_id"]
    not_funded = next(i for i, title in options if title == "Bomen langs de Parkweg")
    for option in (not_funded, other_round_option, 2**31 - 1):
        assert status(client, round_id, option, status="klaar", on_date="1-12-2026").status_code == 404, option
    with unit_of_work(app) as uow:
        assert uow.session.exec(select(public_results.OptionStatusUpdate)).all() == []


def test_the_qr_code_is_the_short_link_and_downloads_for_posters(app, client, world):
    round_id = world["round"]["id"]
    publish(client, round_id)
    code = code_of(app, round_id)
    svg = client.get(f"/organiser/rounds/{round_id}/results/qr.svg?download=1")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and svg.data.lstrip().startswith(b"<?xml")
    assert f"buurttafel-uitslag-{code}.svg" in svg.headers["Content-Disposition"]
    png = client.get(f"/organiser/rounds/{round_id}/results/qr.svg?format=png&download=1")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    manage = text(client.get(f"/organiser/rounds/{round_id}/results"))
    assert f"http://buurthuis.local:5000/r/{code}" in manage
    # The code drawn is the short link's: the same modules as segno draws for that link.
    expected = io.BytesIO()
    segno.make(f"http://buurthuis.local:5000/r/{code}", error="m").save(expected, kind="svg", scale=8, border=2,
                                                                            dark="#000000", light="#ffffff")
    path = re.compile(rb'<path[^>]* d="([^"]+)"')
    assert path.findall(svg.data) == path.findall(expected.getvalue()) != []


def test_pdf_and_word_minutes_are_counted_for_everybody_together_and_light_formats_are_not(app, client, world):
    app.config["RESULTS_HEAVY_MINUTES_GLOBAL_LIMIT"] = "2 per minute"
    publish(client, world["round"]["id"])
    code = code_of(app, world["round"]["id"])
    # Three scripts, each with fresh cookies, so no count per browser holds them.
    answers = [app.test_client().get(f"/r/{code}/minutes?format=docx").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert app.test_client().get(f"/r/{code}/minutes?format=md").status_code == 200
    assert app.test_client().get(f"/r/{code}").status_code == 200


def test_a_table_that_recorded_no_consensus_funds_nothing_and_an_empty_round_says_so(app, client, world):
    from sessions import consensus_services
    from sessions.commands import RecordDecision, ReopenTable
    from sessions import table_services

    table_id = world["funded"][0]["table_id"]
    table_services.reopen_table(unit_of_work(app), ReopenTable(), table_id=table_id)
    consensus_services.record_decision(unit_of_work(app), RecordDecision(
        outcome="no_consensus", override_reason="Te veel twijfel over het plein"), table_id=table_id)
    publish(client, world["round"]["id"])
    body = text(app.test_client().get(f"/r/{code_of(app, world['round']['id'])}"))
    assert "Nog geen tafel heeft besloten." in body and "Speeltoestellen Kastanjeplein" not in body
    assert "Geen consensus" in body  # the table's outcome, under what it agreed first

    empty = round_services.create_round(unit_of_work(app), organiser_id=world["mine"], name="Lege ronde",
                                        neighbourhood="Zuid", budget_cents=1_000_00, starts_on=date(2027, 1, 1),
                                        ends_on=date(2027, 1, 31))
    publish(client, empty["id"])
    body = text(app.test_client().get(f"/r/{code_of(app, empty['id'])}"))
    assert "Lege ronde" in body and "Nog geen tafel heeft besloten." in body and "Er zijn nog geen tafels." in body
    manage = text(client.get(f"/organiser/rounds/{empty['id']}/results"))
    assert "er is nog niets te melden" in manage


def test_the_organiser_previews_the_page_before_publishing_and_nobody_else_can(app, client, world):
    round_id = world["round"]["id"]
    preview = client.get(f"/organiser/rounds/{round_id}/results/preview")
    assert preview.status_code == 200
    body = text(preview)
    assert "De buurt kan deze pagina nog niet zien." in body and "Speeltoestellen Kastanjeplein" in body
    assert "/minutes?" not in body and preview.headers["Cache-Control"] == "no-store"
    assert [s for s in SECRETS if s in body] == []
    assert app.test_client().get(f"/organiser/rounds/{round_id}/results/preview").status_code == 302  # to login
    publish(client, round_id)
    assert "Zo ziet de buurt deze pagina." in text(client.get(f"/organiser/rounds/{round_id}/results/preview"))
