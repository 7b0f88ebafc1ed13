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
