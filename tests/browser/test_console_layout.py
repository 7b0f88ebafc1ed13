"""The console at the table: one phase, one screen. A table with 40 arguments walked
through every phase at 1280x800 (laptop) and 1024x768 (tablet), in Dutch and English:
each phase's main tools in the first viewport under the bar, nothing sideways, axe clean,
a screenshot per phase. And long lists filtered; a typed text kept when the phase moves on."""
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.dutch_arguments import THEMES
from tests.support.web import Organiser, join_as_phone, open_link

from .conftest import ARTIFACTS, AXE_OPTIONS, LAPTOP

TABLET = {"viewport": {"width": 1024, "height": 768}}
SIZES = {"1280": LAPTOP, "1024": TABLET}
TEXTS = [text for texts in THEMES.values() for text in texts]  # 40 arguments on five themes
GROUPS = 6

# What the facilitator needs in each phase, by role and name, in both languages: it must
# lie inside the first viewport. The bar (stepper, timer, presence) in every phase too.
BAR = {"nl": [("button", "Vorige fase"), ("button", "Volgende fase"), ("button", "Start"),
              ("button", "Pauzeer"), ("button", "Ordenen"), ("button", "Afgerond")],
       "en": [("button", "Previous phase"), ("button", "Next phase"), ("button", "Start"),
              ("button", "Pause"), ("button", "Clustering"), ("button", "Closed")]}
PRIMARY = {
    "welkom": {"nl": [("tab", "Welkom")], "en": [("tab", "Welcome")]},
    "kaders": {"nl": [("textbox", "Doelen"), ("radio", "Kiezen: opties kiezen die samen binnen het budget passen"),
                      ("button", "Kaders opslaan")],
               "en": [("textbox", "Goals"), ("button", "Save the frame")]},
    "inbreng": {"nl": [("textbox", "Argument (bijvoorbeeld van een papieren kaartje)"), ("button", "Op het scherm zetten"),
                       ("button", "Inbreng sluiten"), ("searchbox", "Zoeken"), ("combobox", "Soort")],
                "en": [("textbox", "Argument (for example from a paper card)"), ("button", "Add to the wall"),
                       ("button", "Close input"), ("searchbox", "Search")]},
    "ordenen": {"nl": [("button", "Nieuwe groep van selectie"), ("combobox", "Verplaats naar"), ("button", "Ongedaan maken"),
                       ("button", "Groepen voorstellen"), ("checkbox", "Alleen wat nog niet gegroepeerd is")],
                "en": [("button", "New group from selection"), ("combobox", "Move to"), ("button", "Undo")]},
    "afwegen": {"nl": [("button", "Inbreng sluiten"), ("searchbox", "Zoeken")],
                "en": [("button", "Close input"), ("searchbox", "Search")]},
    "verdelen": {"nl": [("button", "Stemmen openen"), ("button", "Stemmen sluiten"), ("button", "Papieren stem invoeren")],
                 "en": [("button", "Open voting"), ("button", "Close voting"), ("button", "Enter paper ballot")]},
    "besluiten": {"nl": [("combobox", "Uitgaan van"), ("button", "Voorstel aan de tafel voorleggen")],
                  "en": [("combobox", "Start from"), ("button", "Put the proposal to the table")]},
    "afgerond": {"nl": [("button", "Verslag vaststellen en tafel sluiten"), ("link", "Verslag openen")],
                 "en": [("button", "Confirm the minutes and close the table"), ("link", "Open the minutes")]},
}


def table_with_forty_arguments(server):
    """A round, a table, two phones and 40 arguments typed in from paper cards."""
    organiser = Organiser(server.url).set_up(server.setup_link())
    table = organiser.create_table(organiser.create_round())
    feeder = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    feeder.wait_for("snapshot")
    phones = [RecordingClient(server.url, join_as_phone(table, name), table_id=table["id"], role="phone").connect()
              for name in ("Anna", "Bram")]
    assert feeder.emit("set_phase", {"phase": "inbreng"})["ok"]
    ids = []
    for n, text in enumerate(TEXTS):
        ack = feeder.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": ("voor", "tegen", "idee")[n % 3],
                                               "text": text})
        assert ack["ok"], ack
        ids.append(ack["argument_id"])
    assert feeder.emit("set_phase", {"phase": "welkom"})["ok"]
    return table, feeder, phones, ids


def make_groups(feeder, ids):
    """Six groups of five (ten arguments left to group), five of them costed options."""
    for g in range(GROUPS):
        cluster = feeder.emit("create_cluster", {"name": f"Groep {'ABCDEF'[g]}", "argument_ids": ids[g * 5:(g + 1) * 5]})
        assert cluster["ok"], cluster
        if g < 5:
            assert feeder.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": f"Optie {'ABCDEF'[g]}",
                                               "cost_euros": 1500 + 500 * g})["ok"]


def in_first_viewport(page, locator, what):
    box = locator.bounding_box()
    assert box is not None, f"{what} is not shown"
    size = page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 0.5, f"{what} lies sideways outside: {box}"
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 0.5, f"{what} lies below the first screen: {box}"


def check_phase(page, phase, language, size_name, axe):
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"console-{size_name}-{language}-{phase}.png"))
    for role, name in BAR[language] + PRIMARY[phase][language]:
        control = page.get_by_role(role, name=name)
        expect(control).to_be_visible()
        in_first_viewport(page, control, f"{phase} {size_name} {language}: {role} {name!r}")
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{phase} {size_name} {language}: the console scrolls sideways {width}"
    results = axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{phase} {size_name} {language}:\n{results.generate_report()}"


@pytest.mark.parametrize("size_name", ["1280", "1024"])
def test_every_phase_runs_from_one_screen_with_forty_arguments(server, open_context, axe, size_name):
    ARTIFACTS.mkdir(exist_ok=True)
    table, feeder, phones, ids = table_with_forty_arguments(server)
    consoles = {"nl": open_context(SIZES[size_name]), "en": open_context(SIZES[size_name], locale="en-GB")}
    for page in consoles.values():
        page.goto(table["console"])
        expect(page.locator("[data-connection]")).to_have_class(re.compile(r"\bonline\b"))
    dutch = consoles["nl"]
    expect(dutch.locator("[data-online-count]")).to_have_text("2")
    expect(dutch.locator("[data-moderation-list] .argument")).to_have_count(40)

    for number, phase in enumerate(PRIMARY):
        if phase == "ordenen":
            make_groups(feeder, ids)
        if number:
            dutch.get_by_role("button", name="Volgende fase").click()
        for language, page in consoles.items():
            expect(page.locator("body")).to_have_attribute("data-phase", phase)
            # The view followed the phase: the phase's own panel is in front.
            expect(page.locator("[role=tab][aria-selected=true]")).to_have_attribute("data-tab", PANEL[phase])
        if phase == "ordenen":
            for page in consoles.values():
                expect(page.locator(".group-cards .group-card")).to_have_count(GROUPS)
                expect(page.locator("[data-ungrouped-count]")).to_have_text("10")
        if phase == "verdelen":
            dutch.get_by_role("button", name="Stemmen openen").click()
            expect(consoles["en"].get_by_role("button", name="Enter paper ballot")).to_be_visible()
        for language, page in consoles.items():
            check_phase(page, phase, language, size_name, axe)
        if phase == "ordenen":
            # Six groups and the list of those not grouped yet, all on the first screen.
            for page in consoles.values():
                for card in page.locator(".group-cards .group-card").all():
                    in_first_viewport(page, card.locator("h3"), f"ordenen {size_name}: a group's heading")
                    in_first_viewport(page, card.locator(".group-list"), f"ordenen {size_name}: a group's list")
                in_first_viewport(page, page.locator(".grouping-board > .group-card"), f"ordenen {size_name}: ungrouped list")


PANEL = {"welkom": "welkom", "kaders": "kaders", "inbreng": "arguments", "ordenen": "ordenen", "afwegen": "arguments",
         "verdelen": "verdelen", "besluiten": "besluiten", "afgerond": "afgerond"}


def test_two_hundred_arguments_filtered_and_the_view_follows_the_phase_without_losing_typing(server, open_context, check_page):
    organiser = Organiser(server.url).set_up(server.setup_link())
    table = organiser.create_table(organiser.create_round())
    feeder = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    feeder.wait_for("snapshot")
    assert feeder.emit("set_phase", {"phase": "inbreng"})["ok"]
    ids = []
    for n in range(200):
        ack = feeder.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": ("voor", "tegen", "idee")[n % 3],
                                               "text": f"Punt {n + 1}: " + ("bankjes bij het water" if n % 2 else "bomen in de straat")})
        assert ack["ok"], ack
        ids.append(ack["argument_id"])
    console = open_context(TABLET)
    console.goto(table["console"])
    cards = console.locator("[data-moderation-list] .argument")
    # The newest fifty are drawn, the rest on request (or found by the filter).
    expect(cards).to_have_count(50)
    expect(cards.first.locator(".argument-text")).to_have_text("Punt 200: bankjes bij het water")
    expect(console.get_by_role("tab", name="Argumenten")).to_have_attribute("aria-selected", "true")
    # A refusal shows next to the control that caused it, not in every part of the console.
    console.get_by_role("button", name="Op het scherm zetten").click()
    capture_error = console.locator("[data-capture-form] [data-error]")
    expect(capture_error).not_to_be_empty()
    in_first_viewport(console, capture_error, "the paper card's error line")
    expect(console.locator("[data-error]:not(:empty)")).to_have_count(1)
    console.get_by_role("button", name="Meer tonen (nog 150)").click()
    expect(cards).to_have_count(100)
    filters = console.locator("[data-filter=moderation]")

    # Filter by stance and words; the count says how many of how many.
    filters.get_by_label("Soort").select_option(label="Tegen")
    filters.get_by_label("Zoeken").fill("bankjes")
    expect(console.locator("[data-moderation-list] .argument:visible")).to_have_count(34)
    expect(console.locator("[data-filter=moderation] [data-filter-count]")).to_have_text("34 van 200 getoond")
    check_page(console, "console-1024-200-arguments-filtered")
    filters.get_by_label("Soort").select_option(label="Alle")
    filters.get_by_label("Zoeken").fill(f"#{ids[149]}")
    expect(console.locator("[data-moderation-list] .argument:visible")).to_have_count(1)
    expect(console.locator("[data-moderation-list] .argument:visible .argument-text")).to_have_text("Punt 150: bankjes bij het water")
    reason = console.locator(f"#reason-{ids[149]}")
    reason.fill("Staat er al")
    filters.get_by_label("Zoeken").fill("")
    expect(console.locator("[data-moderation-list] .argument:visible")).to_have_count(50)
    assert console.evaluate("document.documentElement.scrollWidth <= innerWidth")

    # Kaders opened by hand, typing in it: the phase moves on, the console stays put.
    console.get_by_role("tab", name="Kaders").click()
    goals = console.get_by_label("Doelen")
    goals.fill("Meer groen in de")
    assert feeder.emit("set_phase", {"phase": "ordenen"})["ok"]
    expect(console.locator("body")).to_have_attribute("data-phase", "ordenen")
    ordenen = console.get_by_role("tab", name="Ordenen")
    expect(ordenen).to_contain_text("huidige fase")
    expect(console.get_by_role("tab", name="Kaders")).to_have_attribute("aria-selected", "true")
    goals.press_sequentially(" buurt")
    expect(goals).to_have_value("Meer groen in de buurt")

    # The tabs by keyboard: arrows, Home and End.
    console.get_by_role("tab", name="Kaders").focus()
    console.keyboard.press("ArrowRight")
    expect(console.get_by_role("tab", name="Argumenten")).to_be_focused()
    expect(console.get_by_role("tab", name="Argumenten")).to_have_attribute("aria-selected", "true")
    console.keyboard.press("End")
    expect(ordenen).to_be_focused()
    expect(console.locator("#panel-ordenen")).to_be_visible()
    console.keyboard.press("Home")
    expect(console.get_by_role("tab", name="Welkom")).to_have_attribute("aria-selected", "true")
    console.keyboard.press("ArrowLeft")
    expect(ordenen).to_have_attribute("aria-selected", "true")

    # Typed before, kept while the list redrew (out of sight: not among the newest fifty).
    console.get_by_role("tab", name="Argumenten").click()
    expect(reason).to_be_hidden()
    expect(reason).to_have_value("Staat er al")
    filters.get_by_label("Zoeken").fill("Punt 150:")
    expect(reason).to_be_visible()
    expect(reason).to_have_value("Staat er al")
    filters.get_by_label("Zoeken").fill("")
    console.get_by_role("tab", name="Ordenen").click()

    # Only the ungrouped: the groups stay as places to drop, their arguments out of the way.
    for g in range(3):
        assert feeder.emit("create_cluster", {"name": f"Groep {g + 1}", "argument_ids": ids[g * 10:(g + 1) * 10]})["ok"]
    board = console.locator("[data-grouping]")
    expect(board.locator("[data-ungrouped-count]")).to_have_text("170")
    board.get_by_label("Alleen wat nog niet gegroepeerd is").check()
    expect(board.locator(".group-cards .group-item:visible")).to_have_count(0)
    expect(board.locator(".group-cards .group-card")).to_have_count(3)
    expect(board.locator("[data-list=none] .group-item:visible")).to_have_count(170)
    board.get_by_label("Zoeken").fill("bomen")
    expect(board.locator("[data-list=none] .group-item:visible")).to_have_count(85)
    expect(board.locator("[data-filter=grouping] [data-filter-count]")).to_have_text("85 van 200 getoond")
    check_page(console, "console-1024-ordenen-only-ungrouped")

    # Not typing any more: the next phase brings its own panel to the front.
    console.get_by_role("tab", name="Ordenen").focus()
    assert feeder.emit("set_phase", {"phase": "afwegen"})["ok"]
    expect(console.get_by_role("tab", name="Argumenten")).to_have_attribute("aria-selected", "true")
    console.get_by_role("tab", name="Kaders").click()
    expect(goals).to_have_value("Meer groen in de buurt")
