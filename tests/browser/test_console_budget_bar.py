"""The console shows the budget bar the wall and the phones show for the allocated money: the
chosen rule's allocation once voting is closed, the proposal in Besluiten. Ordenen's heading
says the options' total against the budget in words. Chromium at 1280×800, axe on each view."""
import uuid

from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.web import Organiser, join_as_phone, open_link

from .conftest import LAPTOP, assert_widths_proportional

BUDGET_CENTS = 1_250_000  # Organiser.create_round's budget
OPTIONS = (("Speeltuin", 8000), ("Bomen", 3000), ("Bankjes", 2000))  # € 500 over the budget together
BAR = "[data-console-budget-bar] .budget-bar"


def ok(ack):
    assert ack["ok"], ack
    return ack


def test_the_console_shows_the_budget_bar_of_each_deciding_phase(server, open_context, check_page):
    organiser = Organiser(server.url).set_up(server.setup_link())
    links = organiser.create_table(organiser.create_round())
    console = RecordingClient(server.url, open_link(links["console"]), table_id=links["id"], role="console").connect()
    phone = RecordingClient(server.url, join_as_phone(links, "Buur"), table_id=links["id"], role="phone").connect()
    try:
        console.wait_for("snapshot")
        ok(console.emit("save_frame", {"goals": "", "roles": "", "conditions": "", "ballot_form": "kiezen",
                                       "rule": "mes", "consensus_rule": "consent"}))
        ok(console.emit("set_phase", {"phase": "inbreng"}))
        option_ids = {}
        for title, cost in OPTIONS:
            argument = ok(console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor",
                                                            "text": f"{title}: goed voor de buurt"}))["argument_id"]
            cluster = ok(console.emit("create_cluster", {"name": title, "argument_ids": [argument]}))["cluster_id"]
            option_ids[title] = ok(console.emit("save_option", {"cluster_id": cluster, "title": title,
                                                                "cost_euros": cost}))["option_id"]
        ok(console.emit("set_phase", {"phase": "ordenen"}))

        page = open_context(LAPTOP)
        page.goto(links["console"])
        section = page.locator("[data-console-budget-bar]")
        # Ordenen: the board needs the screen; its heading says the total against the budget
        # in words (the wall and the phones draw the bar), the console's card stays away.
        expect(page.locator("[data-option-total]")).to_contain_text("€\u00a013.000 van het budget van €\u00a012.500 — meer dan het budget")
        expect(section).to_be_hidden()
        check_page(page, "console-ordenen-budget-nl-1280")

        # Verdelen: nothing until voting is closed, then the chosen rule's allocation.
        ok(console.emit("set_phase", {"phase": "verdelen"}))
        ok(console.emit("open_ballot_round"))
        expect(section).to_be_hidden()
        ok(phone.emit("cast_ballot", {"approved": [option_ids["Bomen"], option_ids["Bankjes"]]}))
        ok(console.emit("close_ballot_round"))
        expect(section.locator("[data-console-budget-bar-label]")).to_contain_text("(de regel die deze tafel koos)")
        funded = console.emit("request_snapshot")["snapshot"]["ballots"]["results"]["mes"]["funded"]
        costs = {option_ids[title]: cost * 100 for title, cost in OPTIONS}
        assert_widths_proportional(page, BAR, [costs[i] for i in sorted(funded, key=list(costs).index)], BUDGET_CENTS)
        check_page(page, "console-verdelen-budget-bar-nl-1280")

        ok(console.emit("set_phase", {"phase": "besluiten"}))
        expect(section).to_be_hidden()
        ok(console.emit("propose", {"option_ids": [option_ids["Bankjes"], option_ids["Speeltuin"]]}))
        expect(section.locator("[data-console-budget-bar-label]")).to_have_text("Voorstel 1")
        assert_widths_proportional(page, BAR, [800_000, 200_000], BUDGET_CENTS)
        expect(section.locator(".budget-bar-left")).to_contain_text("€\u00a02.500")
        check_page(page, "console-besluiten-budget-bar-nl-1280")
    finally:
        for client in (console, phone):
            client.disconnect()
