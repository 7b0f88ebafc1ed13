"""The plenary vote of a round in Chromium: the organiser builds the round ballot (merge,
leave out) and opens the vote, phones at two tables vote on it at 360×740 and 320×640,
and the round wall (1920×1080, read from 8 m, no controls) follows the count live. axe
finds nothing on any of them; every view is photographed (SHOTS_DIR, else test-artifacts)."""
import os
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.server import LiveServer
from tests.support.web import Organiser, open_link

from .conftest import ARTIFACTS, LAPTOP, PROJECTOR
from .test_wall_legible import LEGIBILITY

MEDIUM = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
SMALL = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
SHOTS = Path(os.environ.get("SHOTS_DIR", ARTIFACTS))
TABLES = {"Noord": (("Speeltuin", 8000), ("Bomen bij de school", 3000)),
          "Zuid": (("Speelplek", 7000), ("Bankjes langs de vaart", 2000), ("Kunstwerk", 15000))}


@pytest.fixture(scope="module")
def evening(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("plenary") / "instance").start()
    organiser = Organiser(server.url).set_up(server.setup_link())
    round_url = organiser.create_round(name="Buurtbudget Noord", budget="20.000")
    organiser.frame_round(round_url, combination="plenary")
    tables = {}
    for title, options in TABLES.items():
        table = tables[title] = organiser.create_table(round_url, title=title)
        console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
        console.wait_for("snapshot")
        console.emit("set_phase", {"phase": "inbreng"})
        for option_title, euros in options:
            argument = console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor",
                                                         "text": f"Graag {option_title.lower()}, voor de hele buurt"})
            cluster = console.emit("create_cluster", {"name": option_title, "argument_ids": [argument["argument_id"]]})
            console.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": option_title,
                                         "cost_euros": euros})
        console.disconnect()
    yield {"server": server, "organiser": organiser, "round_url": round_url, "tables": tables}
    server.stop()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"


def as_organiser(open_context, evening, kind):
    page = open_context(kind)
    page.context.add_cookies([{"name": c.name, "value": c.value, "url": evening["server"].url}
                              for c in evening["organiser"].http.cookies])
    page.goto(evening["round_url"] + "/plenary")
    return page


def join(open_context, kind, table):
    page = open_context(kind)
    page.goto(table["join"])
    page.get_by_role("button", name="Doe mee").click()
    expect(page.locator("[data-connection]")).to_have_text("Verbonden")
    return page


def test_build_the_round_ballot_vote_on_phones_and_follow_it_on_the_round_wall(evening, open_context, check_page):
    organiser = as_organiser(open_context, evening, LAPTOP)
    check_page(organiser, "plenary-organiser-empty")
    organiser.get_by_role("button", name="Maak het rondestembiljet van de opties van de tafels").click()
    expect(organiser.locator(".plenary-option")).to_have_count(5)

    # Merge Speeltuin (Noord) and Speelplek (Zuid); leave out the Kunstwerk with a reason.
    organiser.get_by_role("checkbox", name="Speeltuin").check()
    organiser.get_by_role("checkbox", name="Speelplek").check()
    organiser.get_by_label("Titel van de samengevoegde optie").fill("Speelplaats")
    organiser.get_by_label("Kosten in euro").fill("12.000")
    organiser.get_by_role("button", name="Voeg de aangevinkte opties samen").click()
    expect(organiser.locator(".flash")).to_contain_text("Speelplaats")
    kunstwerk = organiser.locator(".plenary-option", has_text="Kunstwerk")
    kunstwerk.get_by_label("Waarom valt hij af?").fill("Te duur voor één buurt")
    kunstwerk.get_by_role("button", name="Weglaten").click()
    expect(organiser.locator(".plenary-left-out")).to_contain_text("Te duur voor één buurt")
    expect(organiser.locator(".plenary-option")).to_have_count(3)
    merged = organiser.locator(".plenary-option", has_text="Speelplaats")
    expect(merged).to_contain_text("Noord: Speeltuin")
    expect(merged).to_contain_text("Zuid: Speelplek")
    check_page(organiser, "plenary-organiser-built")
    shot(organiser, "organiser-builder-1280x800")
    organiser.set_viewport_size(MEDIUM["viewport"])
    no_sideways_scroll(organiser)
    shot(organiser, "organiser-builder-360x740")
    organiser.set_viewport_size(LAPTOP["viewport"])

    # Phones at both tables, before the vote opens: they see nothing of it yet.
    noord = join(open_context, MEDIUM, evening["tables"]["Noord"])
    zuid = join(open_context, SMALL, evening["tables"]["Zuid"])
    expect(noord.locator("[data-round-vote-section]")).to_be_hidden()

    organiser.get_by_label("Hoe mensen stemmen").select_option("kiezen")
    organiser.get_by_role("button", name="Open de gezamenlijke stemming").click()
    expect(organiser.locator(".flash")).to_contain_text("open")
    wall_url = organiser.locator(".plenary-link").get_attribute("href")
    wall = open_context(PROJECTOR)
    wall.goto(wall_url)
    expect(wall.locator("[data-round-state]")).to_have_text("Stemmen is open: stem op je telefoon")

    # The phones' ballot appears by itself; Noord chooses within the budget and sends once.
    section = noord.locator("[data-round-vote-section]")
    expect(section).to_be_visible()
    section.get_by_role("checkbox", name=re.compile("Speelplaats")).check()
    section.get_by_role("checkbox", name=re.compile("Bomen bij de school")).check()
    expect(section.locator("[data-round-vote-total]")).to_have_text(re.compile(r"15\.000 .*20\.000"))
    expect(section.locator(".round-vote-from").first).to_contain_text("Noord: Speeltuin")
    no_sideways_scroll(noord)
    check_page(noord, "plenary-phone-ballot-360")
    shot(noord, "phone-round-vote-360x740")
    section.get_by_role("button", name="Verstuur mijn stem").click()
    expect(section.locator("[data-round-vote-done]")).to_have_text("Je stem in de gezamenlijke stemming is geteld. Dank je wel!")
    expect(section.locator("[data-round-vote-form]")).to_be_hidden()
    shot(noord, "phone-round-vote-sent-360x740")

    zuid_section = zuid.locator("[data-round-vote-section]")
    expect(zuid_section).to_be_visible()
    no_sideways_scroll(zuid)
    check_page(zuid, "plenary-phone-ballot-320")
    shot(zuid, "phone-round-vote-320x640")
    zuid_section.get_by_role("checkbox", name=re.compile("Bankjes langs de vaart")).check()
    zuid_section.get_by_role("button", name="Verstuur mijn stem").click()
    expect(zuid_section.locator("[data-round-vote-done]")).to_be_visible()

    # The facilitator of Zuid enters a paper ballot on the console, on the round's options.
    console = open_context(LAPTOP)
    console.goto(evening["tables"]["Zuid"]["console"])
    paper = console.locator("[data-round-paper-section]")
    expect(paper).to_be_visible()
    paper.get_by_label("Naam van het kaartje voor de gezamenlijke stemming (bijvoorbeeld “Kaart 3”)").fill("Kaart 1")
    paper.get_by_role("checkbox", name="Speelplaats").check()
    paper.get_by_role("button", name="Papieren stem voor de gezamenlijke stemming invoeren").click()
    expect(paper.locator("[data-round-paper-status]")).to_have_text("Het papieren stembiljet “Kaart 1” is geteld.")
    paper.get_by_label("Naam van het kaartje voor de gezamenlijke stemming (bijvoorbeeld “Kaart 3”)").fill("kaart 1")
    paper.get_by_role("button", name="Papieren stem voor de gezamenlijke stemming invoeren").click()
    expect(paper.locator("[data-error]")).to_contain_text("Een papieren stem met deze naam is al geteld")
    check_page(console, "plenary-console-paper")
    paper.scroll_into_view_if_needed()
    shot(console, "console-round-paper-1280x800")
    console.set_viewport_size({"width": 1024, "height": 768})
    no_sideways_scroll(console)

    # The round wall follows live: three of three (two phones, one paper), the tally per option.
    expect(wall.locator("[data-round-voters]")).to_have_text("3")
    # So does the organiser's page, without a reload.
    expect(organiser.locator("[data-plenary-turnout]")).to_have_text(re.compile(r"^3 van de \d+ deelnemers hebben gestemd \(1 op papier\)\.$"))
    check_page(organiser, "plenary-organiser-open")
    expect(wall.locator(".round-wall-tally li").first).to_contain_text("Speelplaats")
    found = wall.evaluate(LEGIBILITY)
    assert found["small"] == [], found["small"]
    assert found["controls"] == [], found["controls"]
    assert not found["scrolls"] and found["cut"] == [], found
    check_page(wall, "plenary-round-wall")
    shot(wall, "round-wall-1920x1080")

    # Close and record; the wall shows what the round funds.
    organiser.reload()
    organiser.get_by_role("button", name="Sluit de stemming en tel").click()
    expect(organiser.locator(".plenary-outcome")).to_be_visible()
    organiser.get_by_role("button", name="Leg het besluit van de ronde vast").click()
    expect(organiser.locator(".plenary-decision")).to_contain_text("Besloten")
    check_page(organiser, "plenary-organiser-decided")
    shot(organiser, "organiser-decided-1280x800")
    organiser.set_viewport_size(MEDIUM["viewport"])
    no_sideways_scroll(organiser)
    shot(organiser, "organiser-decided-360x740")
    expect(wall.locator("[data-round-state]")).to_have_text(re.compile("De ronde heeft besloten: € 17.000 van € 20.000".replace(" ", r"\s")))
    expect(wall.locator(".round-wall-tally li.funded").first).to_be_visible()
    assert wall.evaluate(LEGIBILITY)["small"] == []
    shot(wall, "round-wall-decided-1920x1080")
    expect(noord.locator("[data-round-vote-done]")).to_contain_text("De ronde heeft besloten")
    expect(noord.locator("[data-round-vote-done]")).to_contain_text("Speelplaats")
    shot(noord, "phone-round-decided-360x740")


LONG_TITLES = ["Speeltuin met klimrek en schommels", "Bomen langs de Meeuwenlaan", "Bankjes bij de vijver",
               "Moestuin achter het buurthuis", "Verlichting in het park", "Fietsenstalling bij de school",
               "Geveltuintjes in de Zeeheldenbuurt", "Waterspeelplek voor kleine kinderen"]


def test_the_round_wall_keeps_forty_options_legible_from_eight_metres(evening, open_context, check_page):
    """A round ballot of 40 options (the size the counting is measured at): the wall shows
    the ten with most support, says how many more there are, and does not scroll."""
    server, organiser = evening["server"], evening["organiser"]
    round_url = organiser.create_round(name="Grote ronde", budget="50.000")
    organiser.frame_round(round_url, combination="plenary")
    table = organiser.create_table(round_url, title="Plenaire zaal")
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    console.wait_for("snapshot")
    console.emit("set_phase", {"phase": "inbreng"})
    for n in range(40):
        argument = console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "idee",
                                                     "text": f"Plan {n + 1}"})
        cluster = console.emit("create_cluster", {"name": f"Plan {n + 1}", "argument_ids": [argument["argument_id"]]})
        assert console.emit("save_option", {"cluster_id": cluster["cluster_id"], "cost_euros": 500 + 100 * n,
                                            "title": f"{LONG_TITLES[n % len(LONG_TITLES)]} ({n + 1})"})["ok"]
    builder = round_url + "/plenary"
    from tests.support.web import post_form
    post_form(organiser.http, builder + "/take-in", {}, form_page=builder)
    post_form(organiser.http, builder + "/open", {"ballot_form": "kiezen"}, form_page=builder)
    for card in range(30):
        ack = console.emit("cast_round_paper_vote", {"paper_label": f"Kaart {card}", "approved": []})
        assert ack["ok"], ack
    wall_url = re.search(r'href="([^"]*/round-wall/[^"]+)"', organiser.http.get(builder).text).group(1)
    for language, locale in (("nl", "nl-NL"), ("en", "en-GB")):
        wall = open_context(PROJECTOR, locale=locale)
        if language == "en":
            wall.goto(server.url + "/lang/en")
        wall.goto(wall_url)
        expect(wall.locator("[data-connection]")).to_have_text("Verbonden" if language == "nl" else "Connected")
        expect(wall.locator("[data-connection]")).to_be_hidden()  # the room sees it only when it is lost
        expect(wall.locator(".round-wall-tally li")).to_have_count(10, timeout=15_000)
        expect(wall.locator("[data-round-more]")).to_have_text(
            "en nog 30 opties met minder steun" if language == "nl" else "and 30 more options with less support")
        shot(wall, f"round-wall-40-options-1920x1080-{language}")
        found = wall.evaluate(LEGIBILITY)
        assert found["small"] == [] and found["controls"] == [], found
        assert not found["scrolls"] and found["cut"] == [], found
        check_page(wall, f"plenary-round-wall-40-{language}")
    console.disconnect()
