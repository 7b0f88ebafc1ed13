"""Verdelen in Chromium: the facilitator opens voting, a phone on a 320-pixel screen
chooses within the budget and changes its mind, a paper ballot is entered, the wall
shows turnout and support against the budget, and closing stops the voting."""
import uuid

from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.web import open_link

from .conftest import LAPTOP, PROJECTOR
from .test_first_evening import set_up_table

SMALL_PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
OPTIONS = (("Speeltuin", 8000), ("Bomen", 3000), ("Bankjes", 2000))


def test_a_phone_chooses_within_the_budget_and_the_wall_counts(server, open_context, check_page):
    links = set_up_table(open_context(LAPTOP), server, lambda page, name: None)
    feeder = RecordingClient(server.url, open_link(links["console"]), table_id=links["id"], role="console").connect()
    feeder.wait_for("snapshot")
    feeder.emit("set_phase", {"phase": "inbreng"})
    for title, euros in OPTIONS:
        argument = feeder.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": title})
        cluster = feeder.emit("create_cluster", {"name": title, "argument_ids": [argument["argument_id"]]})
        assert feeder.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": title, "cost_euros": euros})["ok"]

    phone = open_context(SMALL_PHONE)
    phone.goto(links["join"])
    phone.get_by_role("button", name="Doe mee").click()
    neighbour = open_context(SMALL_PHONE)
    neighbour.goto(links["join"])
    neighbour.get_by_role("button", name="Doe mee").click()
    console = open_context(LAPTOP)
    console.goto(links["console"])
    wall = open_context(PROJECTOR)
    wall.goto(links["wall"])
    console.locator("[data-phase-list]").get_by_role("button", name="Verdelen").click()
    console.get_by_role("button", name="Stemmen openen").click()

    expect(phone.get_by_text("Kies de opties die je wilt.")).to_be_visible()
    # Each option comes with its main arguments.
    expect(phone.locator(".ballot-option", has_text="Speeltuin").locator(".main-arguments")).to_contain_text("Voor: Speeltuin")
    phone.get_by_label("Speeltuin — € 8.000").check()
    phone.get_by_label("Bomen — € 3.000").check()
    expect(phone.locator("[data-ballot-total]")).to_have_text("Gekozen: € 11.000 van € 12.500")
    expect(phone.get_by_label("Bankjes — € 2.000 past niet meer")).to_be_disabled()
    phone.get_by_role("button", name="Stem opslaan").click()
    expect(phone.locator("[data-ballot-status]")).to_contain_text("Je stem is opgeslagen")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    check_page(phone, "phone-verdelen-320")

    # Changing one's mind replaces the ballot; it is not counted twice.
    phone.get_by_label("Speeltuin — € 8.000").uncheck()
    phone.get_by_label("Bankjes — € 2.000").check()
    phone.get_by_role("button", name="Stem opslaan").click()
    expect(wall.locator("[data-wall-turnout]")).to_have_text("1 stem")

    console.get_by_label("Naam van het kaartje (bijvoorbeeld “Kaart 3”)").fill("Kaart 1")
    console.locator("[data-paper-options]").get_by_label("Bankjes").check()
    console.get_by_role("button", name="Papieren stem invoeren").click()
    expect(wall.locator("[data-wall-turnout]")).to_have_text("2 stemmen")
    expect(wall.locator(".tally-row").first).to_contain_text("Bankjes")
    expect(wall.locator(".tally-row", has_text="Speeltuin")).to_contain_text("0 · buiten het budget")
    check_page(wall, "wall-verdelen")
    check_page(console, "console-verdelen")

    console.get_by_role("button", name="Stemmen sluiten").click()
    expect(phone.get_by_text("Het stemmen is gesloten.")).to_be_visible()
    expect(console.locator("[data-round-state]")).to_have_text("Ronde 1 is gesloten: 2 stemmen.")


    # The outcome under each rule as a budget bar, the table's own rule first and named so.
    results = wall.locator("[data-wall-tally] [data-rule-bars]")
    expect(results.locator(".wall-rule")).to_have_count(3)
    expect(results.locator(".wall-rule.chosen-rule")).to_contain_text("Methode van gelijke delen")
    expect(results.locator(".wall-rule.chosen-rule")).to_contain_text("de regel die deze tafel koos")
    expect(console.locator("[data-results] .result-column")).to_have_count(3)
    check_page(wall, "wall-results")
    check_page(console, "console-results")


    # Besluiten: a proposal from the table's rule, an objection, an amended second round.
    console.locator("[data-phase-list]").get_by_role("button", name="Besluiten").click()
    decide = console.locator("[data-decide]")
    expect(decide.get_by_label("Uitgaan van")).to_have_value("mes")
    decide.get_by_role("button", name="Voorstel aan de tafel voorleggen").click()
    expect(wall.locator("[data-wall-consensus]")).to_contain_text("Voorstel 1")

    phone.get_by_label("Bezwaar: dit mag niet doorgaan").check()
    phone.get_by_role("button", name="Antwoord geven").click()
    expect(phone.locator("[data-signal-error]")).to_have_text("Bij een bezwaar hoort een reden: wat moet er anders?")
    reason = phone.get_by_label("Je reden (nodig bij een bezwaar)")
    reason.fill("Bankjes zonder bomen")
    phone.reload()  # half typed: the answer and the reason are still there
    expect(reason).to_have_value("Bankjes zonder bomen")
    expect(phone.get_by_label("Bezwaar: dit mag niet doorgaan")).to_be_checked()
    reason.fill("Bankjes zonder bomen geven geen schaduw")
    phone.get_by_role("button", name="Antwoord geven").click()
    expect(phone.locator("[data-signal-status]")).to_contain_text("Je antwoord is opgeslagen")

    # After a reload the form shows the saved answer. Changing it, then looking away while
    # a neighbour answers, keeps the change on screen (it is not saved until sent).
    phone.reload()
    expect(reason).to_have_value("Bankjes zonder bomen geven geen schaduw")
    phone.get_by_label("Eens, met kanttekeningen").check()
    reason.fill("Toch eens, als er later bomen komen")
    phone.locator("#signal-heading").click()
    neighbour.get_by_label("Volledig eens").check()
    neighbour.get_by_role("button", name="Antwoord geven").click()
    expect(wall.locator("[data-wall-signals]")).to_have_text("2 antwoorden")
    # Events reach a phone in order: once it shows the timer running, it has had the answer.
    assert feeder.emit("start_timer")["ok"]
    expect(phone.locator("[data-timer-state]")).to_have_text("loopt")
    expect(phone.get_by_label("Eens, met kanttekeningen")).to_be_checked()
    expect(reason).to_have_value("Toch eens, als er later bomen komen")
    expect(decide.locator("[data-reasons]")).to_contain_text("Bankjes zonder bomen geven geen schaduw")
    check_page(phone, "phone-besluiten-320")
    check_page(wall, "wall-besluiten")
    decide.get_by_role("button", name="Deze ronde sluiten").click()
    expect(wall.locator("[data-wall-outcome]")).to_have_text("Geen consensus")

    decide.get_by_label("Uitgaan van").select_option(label="eigen keuze")
    decide.get_by_label("Bomen — € 3.000").check()
    decide.get_by_label("Bankjes — € 2.000").check()
    decide.get_by_role("button", name="Voorstel aan de tafel voorleggen").click()
    expect(wall.locator("[data-wall-consensus]")).to_contain_text("Voorstel 2")
    for page, answer in ((phone, "Eens, met kanttekeningen"), (neighbour, "Volledig eens")):
        page.get_by_label(answer).check()
        page.get_by_role("button", name="Antwoord geven").click()
    expect(wall.locator("[data-wall-signals]")).to_have_text("2 antwoorden")
    # Somebody without a phone answers on paper: the console says how many came from paper.
    decide.get_by_text("Antwoord van papier invoeren").click()
    decide.get_by_label("Naam van het papieren antwoord (bijvoorbeeld “Kaart 3”)").fill("Kaart 1")
    decide.get_by_label("Antwoord", exact=True).select_option(label="Eens, met kanttekeningen")
    decide.get_by_role("button", name="Papieren antwoord invoeren").click()
    expect(decide.locator("[data-consensus-state]")).to_contain_text("3 antwoorden (1 op papier)")
    expect(wall.locator("[data-wall-signals]")).to_have_text("3 antwoorden")
    decide.get_by_role("button", name="Deze ronde sluiten").click()
    expect(wall.locator("[data-wall-outcome]")).to_have_text("Instemming met voorbehoud")
    decide.get_by_role("button", name="Besluit vastleggen").click()
    expect(decide.locator("[data-decision]")).to_have_text("Besluit: Instemming met voorbehoud, € 5.000.")
    check_page(console, "console-besluiten")
    decision = feeder.emit("request_snapshot")["snapshot"]["consensus"]
    assert decision["rounds"] == 2 and decision["decision"]["total_cost_cents"] == 500_000


def test_dividing_a_hundred_points_by_keyboard(server, open_context, check_page):
    links = set_up_table(open_context(LAPTOP), server, lambda page, name: None)
    feeder = RecordingClient(server.url, open_link(links["console"]), table_id=links["id"], role="console").connect()
    feeder.wait_for("snapshot")
    feeder.emit("save_frame", {"goals": "", "roles": "", "conditions": "", "ballot_form": "verdelen", "rule": "mes",
                               "consensus_rule": "consent"})
    feeder.emit("set_phase", {"phase": "inbreng"})
    for title, euros in OPTIONS:
        argument = feeder.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": title})
        cluster = feeder.emit("create_cluster", {"name": title, "argument_ids": [argument["argument_id"]]})
        feeder.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": title, "cost_euros": euros})
    feeder.emit("set_phase", {"phase": "verdelen"})
    phone = open_context(SMALL_PHONE)
    phone.goto(links["join"])
    phone.get_by_role("button", name="Doe mee").click()
    assert feeder.emit("open_ballot_round")["ok"]

    expect(phone.get_by_text("Verdeel 100 punten")).to_be_visible()
    phone.get_by_label("Speeltuin — € 8.000").fill("70")
    phone.get_by_label("Bomen — € 3.000").fill("40")
    # Too many: said plainly, never "Punten over: -10", and the button says why it does not send.
    total = phone.locator("[data-ballot-total]")
    expect(total).to_have_text("Je hebt 10 punten te veel verdeeld")
    expect(total).to_have_class("lead error")
    save = phone.get_by_role("button", name="Stem opslaan")
    expect(save).to_have_attribute("aria-disabled", "true")
    expect(save).to_have_accessible_description("Je hebt 10 punten te veel verdeeld")
    check_page(phone, "phone-verdelen-points-over-320")
    save.press("Enter")  # still reachable by keyboard and finger, to say why
    expect(phone.locator("[data-ballot-error]")).to_have_text("Je kunt in totaal hoogstens 100 punten geven.")
    assert feeder.emit("request_snapshot")["snapshot"]["ballots"]["turnout"] == 0  # nothing was sent
    phone.get_by_label("Bomen — € 3.000").fill("30")
    expect(phone.locator("[data-ballot-total]")).to_have_text("Punten over: 0")
    expect(save).to_have_attribute("aria-disabled", "false")
    expect(phone.locator("[data-ballot-error]")).to_be_empty()
    phone.get_by_role("button", name="Stem opslaan").click()
    expect(phone.locator("[data-ballot-status]")).to_contain_text("Je stem is opgeslagen")
    check_page(phone, "phone-verdelen-points-320")
    tally = feeder.emit("request_snapshot")["snapshot"]["ballots"]
    assert sorted(tally["aggregate"].values()) == [30, 70]
