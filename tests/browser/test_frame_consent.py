"""Kaders in Chromium: the table agrees its frame. A phone suggests a goal, the facilitator
takes it in and puts the frame to the table; a phone objects with a reason, a paper answer
is entered; the amended frame is agreed, and console, phone and wall say so."""
import os
from pathlib import Path

from playwright.sync_api import expect

from .conftest import LAPTOP, PHONE, PROJECTOR
from .test_first_evening import set_up_table

SHOTS = Path(os.environ.get("SHOTS_DIR", "test-artifacts"))


def test_the_table_agrees_its_frame_in_two_rounds_on_console_phone_and_wall(server, open_context, check_page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    links = set_up_table(open_context(LAPTOP), server, lambda page, name: None)
    console = open_context(LAPTOP)
    console.goto(links["console"])
    wall = open_context(PROJECTOR)
    wall.goto(links["wall"])
    phone = open_context(PHONE)
    phone.goto(links["join"])
    phone.get_by_role("button", name="Doe mee").click()
    console.get_by_role("button", name="Volgende fase").click()
    expect(phone.locator("[data-phase-name]")).to_have_text("Kaders")

    # A phone suggests a goal; the facilitator takes it into the draft.
    phone.get_by_label("Je suggestie").fill("Meer groen in de straat")
    phone.get_by_role("button", name="Suggestie versturen").click()
    expect(phone.locator("[data-suggest-status]")).to_have_text("Dank je. De gespreksleider ziet je suggestie.")
    suggestions = console.locator("[data-frame-suggestions]")
    expect(suggestions).to_contain_text("Meer groen in de straat")
    suggestions.get_by_role("button", name="Opnemen in de kaders").click()
    expect(console.get_by_label("Doelen")).to_have_value("Meer groen in de straat")
    expect(suggestions).to_contain_text("Nog geen suggesties van de telefoons.")

    # Each counting rule is explained in one sentence: the chosen one's shows.
    console.get_by_label("Meeste steun eerst, zolang het geld strekt").check()
    expect(console.locator("#rule-explanation-greedy")).to_be_visible()
    expect(console.locator("#rule-explanation-mes")).to_be_hidden()
    console.get_by_label("Verdelen: punten verdelen over de opties").check()
    console.get_by_role("button", name="Kaders opslaan").click()
    expect(console.locator("[data-frame-status]")).not_to_be_empty()
    console.get_by_role("button", name="Kaders aan de tafel voorleggen").click()
    expect(console.locator("[data-frame-consent-line]")).to_contain_text("ligt voor aan de tafel: 0 antwoorden")

    # The phone sees the proposal and objects; without a reason the objection is stopped.
    card = phone.locator("[data-frame-card]")
    expect(card).to_contain_text("Meer groen in de straat")
    expect(card).to_contain_text("De optie met de meeste stemmen wordt eerst betaald")
    answer = phone.locator("[data-frame-signal-section]")
    answer.get_by_text("Bezwaar: dit mag niet doorgaan").click()
    answer.get_by_role("button", name="Antwoord geven").click()
    expect(answer.locator("[data-signal-error]")).to_have_text("Bij een bezwaar hoort een reden: wat moet er anders?")
    answer.get_by_label("Je reden (nodig bij een bezwaar)").fill("Er staat niets over de kosten van onderhoud")
    answer.get_by_role("button", name="Antwoord geven").click()
    expect(answer.locator("[data-signal-status]")).to_have_text(
        "Je antwoord is opgeslagen. Je kunt het wijzigen tot de ronde sluit.")

    # Someone without a phone answers on paper.
    consent = console.locator("[data-frame-consent]")
    consent.get_by_text("Antwoord van papier invoeren").click()
    consent.get_by_label("Naam van het papieren antwoord (bijvoorbeeld “Kaart 3”)").fill("Kaart 1")
    consent.get_by_label("Antwoord", exact=True).select_option(label="Volledig eens")
    consent.get_by_role("button", name="Papieren antwoord invoeren").click()
    expect(consent.locator("[data-paper-signal-status]")).to_have_text("Papieren antwoord opgeslagen.")
    expect(consent).to_contain_text("2 antwoorden (1 op papier)")
    expect(consent).to_contain_text("Er staat niets over de kosten van onderhoud")
    wall_card = wall.locator("[data-frame-card]")
    expect(wall_card).to_contain_text("antwoorden")
    expect(wall_card).to_contain_text("Er staat niets over de kosten van onderhoud")
    check_page(console, "console-kaders-frame-round")
    check_page(phone, "phone-kaders-frame-round")
    check_page(wall, "wall-kaders-frame-round")
    for name, page in (("console-1280-round", console), ("phone-390-round", phone), ("wall-1920-round", wall)):
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=name.startswith("phone"))
    phone.set_viewport_size({"width": 320, "height": 640})
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    phone.screenshot(path=f"{SHOTS}/phone-320x640-round.png", full_page=True)
    # While the table answers, the draft's form folds away: on a tablet the tally and
    # "Ronde sluiten" are in the first screen, without scrolling.
    expect(console.locator("[data-frame-form]")).to_be_hidden()
    expect(console.locator("[data-frame-locked]")).to_be_visible()
    console.set_viewport_size({"width": 1024, "height": 768})
    console.evaluate("window.scrollTo(0, 0)")
    for control in (consent.get_by_role("button", name="Ronde sluiten"), consent.locator("[data-frame-signals]")):
        box = control.bounding_box()
        assert box and box["y"] + box["height"] <= 768, box
    console.screenshot(path=f"{SHOTS}/console-1024x768-round.png")
    console.set_viewport_size({"width": 1280, "height": 800})

    consent.get_by_role("button", name="Ronde sluiten").click()
    expect(console.locator("[data-frame-consent-line]")).to_contain_text("Voorstel 1 is niet aangenomen")
    expect(console.locator("[data-frame-form]")).to_be_visible()
    expect(card).to_contain_text("Voorstel 1 is niet aangenomen")

    # Amended and put again: this time nobody objects and the frame is agreed.
    # Amended and put straight to the table: the unsaved change is saved first.
    console.get_by_label("Voorwaarden bij het budget").fill("Onderhoud voor vijf jaar telt mee in de kosten.")
    console.get_by_role("button", name="Kaders aan de tafel voorleggen").click()
    expect(card).to_contain_text("Onderhoud voor vijf jaar")
    answer.get_by_text("Ik kan ermee leven").click()
    answer.get_by_role("button", name="Antwoord geven").click()
    expect(console.locator("[data-frame-consent-line]")).to_contain_text(": 1 antwoord.")
    consent.get_by_role("button", name="Ronde sluiten").click()
    for page in (console, phone, wall):
        expect(page.locator("[data-frame-consent-line]")).to_contain_text("De kaders zijn vastgesteld (voorstel 2)")
    expect(console.get_by_role("button", name="Kaders aan de tafel voorleggen")).to_be_disabled()
    check_page(console, "console-kaders-frame-agreed")
    check_page(phone, "phone-kaders-frame-agreed")
    check_page(wall, "wall-kaders-frame-agreed")
    for name, page in (("console-1280-agreed", console), ("phone-390-agreed", phone), ("wall-1920-agreed", wall)):
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=name.startswith("phone"))

    # The sizes people use: no horizontal overflow on the smallest phone, text for the room.
    for width, height in ((1280, 800), (1024, 768)):
        console.set_viewport_size({"width": width, "height": height})
        console.screenshot(path=f"{SHOTS}/console-{width}x{height}-agreed.png")
    for width, height in ((360, 740), (320, 640)):
        phone.set_viewport_size({"width": width, "height": height})
        assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        phone.screenshot(path=f"{SHOTS}/phone-{width}x{height}-agreed.png", full_page=True)
    smallest = wall.locator("[data-frame-card] :is(dd, dt, p, li span)").evaluate_all(
        "(nodes) => Math.min(...nodes.filter((n) => n.offsetParent && n.textContent.trim())"
        ".map((n) => parseFloat(getComputedStyle(n).fontSize)))")
    assert smallest >= 28, smallest


def test_in_english_the_phone_and_console_put_and_answer_the_frame(server, open_context, check_page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    from tests.support.clients import RecordingClient
    from tests.support.web import Organiser, open_link

    organiser = Organiser(server.url).set_up(server.setup_link())
    table = organiser.create_table(organiser.create_round())
    feeder = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    feeder.wait_for("snapshot")
    assert feeder.emit("set_phase", {"phase": "kaders"})["ok"]
    assert feeder.emit("save_frame", {"goals": "More green", "roles": "", "conditions": "", "ballot_form": "kiezen",
                                      "rule": "phragmen", "consensus_rule": "unanimity"})["ok"]
    phone = open_context({"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
                         locale="en-GB")
    phone.goto(table["join"])
    phone.get_by_role("button", name="Take part").click()
    console = open_context({"viewport": {"width": 1024, "height": 768}}, locale="en-GB")
    console.goto(table["console"])
    console.get_by_role("button", name="Put the frame to the table").click()
    card = phone.locator("[data-frame-card]")
    expect(card).to_contain_text("Frame proposal 1 is before the table: 0 answers.")
    expect(card).to_contain_text("each time the one that spreads the costs most evenly")
    expect(card).to_contain_text("Agreed only when everybody agrees, with or without notes.")
    answer = phone.locator("[data-frame-signal-section]")
    expect(answer.get_by_role("heading")).to_have_text("Do you agree with this frame?")
    answer.get_by_text("Fully agree").click()
    answer.get_by_role("button", name="Give my answer").click()
    expect(console.locator("[data-frame-consent-line]")).to_contain_text(": 1 answer.")
    check_page(phone, "phone-kaders-frame-round-en")
    check_page(console, "console-kaders-frame-round-en")
    phone.screenshot(path=f"{SHOTS}/phone-320x640-round-en.png", full_page=True)
    console.get_by_role("button", name="Close the round").click()
    expect(card).to_contain_text("The frame is agreed (proposal 1): Consensus.")
