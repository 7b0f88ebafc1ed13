"""The wall from 8 metres (issue 15): a realistic table — 12 options, 60 arguments, three
rules' results, two consensus rounds — driven through every phase by real socket clients,
and on the 1920x1080 wall, read from computed styles: the room's text at least 28 px
(secondary text 22 px), every phase fitting the screen without scrolling, no control
shown, the budget bar's segments as wide as the options' costs, and axe in Dutch and
English. Screenshots of every phase go to test-artifacts/ to be looked at."""
import uuid

import pytest
from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.web import Organiser, join_as_phone, open_link

from .conftest import PROJECTOR, assert_widths_proportional

# (title, cost in euros, arguments): five arguments per option, some long, as people type.
OPTIONS = [
    ("Speeltuin opknappen", 18000, ["De speeltuin bij de school is kapot en onveilig voor kleine kinderen",
                                    "Kinderen hebben een veilige plek nodig om buiten te spelen",
                                    "Te duur voor wat het oplevert", "Een klimrek en schommels",
                                    "Ook geschikt maken voor kinderen met een beperking, zodat iedereen mee kan doen"]),
    ("Bomen langs de gracht", 9500, ["Meer schaduw in de zomer", "Bomen maken de straat koeler",
                                     "Vogels krijgen een plek", "Wortels drukken de stoep omhoog",
                                     "Fruitbomen voor iedereen"]),
    ("Bankjes op het plein", 4200, ["Ouderen willen even kunnen zitten", "Bankjes met een rugleuning",
                                    "Hangjongeren 's avonds", "Bij de bushalte ook graag",
                                    "Picknicktafels erbij"]),
    ("Betere verlichting", 7800, ["Het steegje is donker en voelt onveilig", "Led bespaart energie",
                                  "Te veel licht stoort de slaap", "Langs het fietspad",
                                  "Slimme lampen die aangaan als je langskomt"]),
    ("Moestuin voor de buurt", 6500, ["Samen tuinieren verbindt", "Groente voor de voedselbank",
                                      "Wie onderhoudt het na de zomer?", "Les voor de basisschool",
                                      "Regenton en compostbak erbij"]),
    ("Fietsenstalling", 12000, ["Fietsen staan nu overal op de stoep", "Overdekt tegen de regen",
                                "Neemt parkeerplaatsen weg", "Met laadpunten voor e-bikes",
                                "Bij de ingang van de flat"]),
    ("Buurtfeest", 3000, ["Elkaar leren kennen", "Eenmalig geld, weinig blijvend",
                          "Met muziek van de buurtschool", "Voor alle culturen in de wijk",
                          "Geluidsoverlast voor de oudere bewoners"]),
    ("Afvalbakken en ophalen", 2500, ["Zwerfafval bij het winkelcentrum", "Grotere bakken in het park",
                                      "Vaker legen in de zomer", "Bakken voor hondenpoep",
                                      "Lelijk op het plein"]),
    ("Jongerenhonk", 15000, ["Jongeren hebben nergens een eigen plek", "Wie houdt toezicht?",
                             "Samen met het jongerenwerk", "Overlast in de avond",
                             "Een plek om te sporten en muziek te maken"]),
    ("Watertappunt", 3500, ["Gratis drinkwater bij hitte", "Voor sporters in het park",
                            "Onderhoud kost elk jaar geld", "Bij de speeltuin", "Minder plastic flesjes"]),
    ("Geveltuintjes", 2800, ["Groen in stenige straten", "Bewoners doen het zelf",
                             "Tegels eruit, planten erin", "Minder wateroverlast", "Bijen en vlinders"]),
    ("Verkeersdrempels", 8800, ["Auto's rijden veel te hard door de straat", "Veiliger voor schoolkinderen",
                                "Hinder voor de ambulance", "Bij het zebrapad",
                                "Liever een 30-kilometerzone met borden"]),
]
BUDGET = "50.000"
PHONES = 6
STANCES = ["voor", "voor", "tegen", "idee", "voor"]
# Sixty arguments and twelve options reach a wall on a busy machine in more than expect's 5 s.
SLOW = 30_000

# The room's text; secondary text (per option or argument details) may be 22 px.
LEGIBILITY = """() => {
  const SECONDARY = ".argument-meta, .argument-reactions, .wall-secondary";
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== "hidden" && style.display !== "none"
      && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  };
  const small = [];
  for (const el of document.querySelectorAll("main *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(el)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest("svg");
    if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const floor = el.closest(SECONDARY) ? 22 : 28;
    if (size < floor - 0.5) small.push(`${el.tagName}.${el.className.baseVal ?? el.className} ${size}px: ${el.textContent.trim().slice(0, 40)}`);
  }
  const controls = [...document.querySelectorAll("button, select, input, textarea, a[href]")]
    .filter(visible).map((el) => `${el.tagName} ${el.textContent.trim().slice(0, 30)}`);
  // Scrolling columns of Inbreng scroll by themselves; everything else must be on screen, whole.
  const cut = [];
  for (const el of document.querySelectorAll("main *")) {
    if (!visible(el) || el.closest("[data-column]")) continue;
    const r = el.getBoundingClientRect();
    if (r.bottom > innerHeight + 1 || r.right > innerWidth + 1) cut.push(`${el.tagName}.${el.className.baseVal ?? el.className}`);
    const style = getComputedStyle(el);
    // Cut with an ellipsis on purpose (a long name, an argument as one line) is shortened, not lost.
    const ellipsis = style.textOverflow === "ellipsis" || (style.webkitLineClamp && style.webkitLineClamp !== "none");
    if (style.overflowY === "hidden" && !ellipsis && el.scrollHeight > el.clientHeight + 1 && !el.matches("main"))
      cut.push(`clipped ${el.tagName}.${el.className}`);
  }
  const page = document.scrollingElement;
  return { small, controls, cut: [...new Set(cut)].slice(0, 10),
           scrolls: page.scrollHeight > innerHeight + 1 || page.scrollWidth > innerWidth + 1 };
}"""


def assert_legible(walls, name, check_page, ready):
    """The walls (Dutch and English) show `ready`, then axe, a screenshot and the floors."""
    for language, wall in walls.items():
        expect(wall.locator(ready).first).to_be_visible(timeout=SLOW)
        check_page(wall, f"wall-{name}-{language}")
        found = wall.evaluate(LEGIBILITY)
        assert found["small"] == [], f"{name} ({language}): text below the floor: {found['small'][:8]}"
        assert found["controls"] == [], f"{name} ({language}): controls on the wall: {found['controls']}"
        assert not found["scrolls"], f"{name} ({language}): the wall scrolls"
        assert found["cut"] == [], f"{name} ({language}): cut off: {found['cut']}"


@pytest.fixture
def table(server):
    organiser = Organiser(server.url).set_up(server.setup_link())
    links = organiser.create_table(organiser.create_round(budget=BUDGET), title="Wat doen we met het buurtbudget?")
    console = RecordingClient(server.url, open_link(links["console"]), table_id=links["id"], role="console").connect()
    console.wait_for("snapshot")
    phones = [RecordingClient(server.url, join_as_phone(links, f"Buur {n}"), table_id=links["id"], role="phone").connect()
              for n in range(PHONES)]
    yield links, console, phones
    for client in [console, *phones]:
        client.disconnect()


def ok(ack):
    assert ack["ok"], ack
    return ack


@pytest.mark.timeout(900)  # a whole evening, two walls, axe on every view
def test_a_realistic_table_on_the_wall_in_every_phase(table, open_context, check_page):
    links, console, phones = table
    wall = open_context(PROJECTOR)
    wall.goto(links["wall"])
    english = open_context(PROJECTOR, locale="en-GB")
    english.goto(links["wall"])
    walls = {"nl": wall, "en": english}
    expect(wall.locator("[data-phase-name]")).to_have_text("Welkom")
    expect(english.locator("[data-phase-name]")).to_have_text("Welcome")
    assert_legible(walls, "welkom", check_page, "[data-join-panel]")

    ok(console.emit("set_phase", {"phase": "kaders"}))
    ok(console.emit("save_frame", {"goals": "Een buurt waar jong en oud elkaar ontmoet", "roles": "", "conditions": "",
                                   "ballot_form": "kiezen", "rule": "mes", "consensus_rule": "consent"}))
    expect(wall.locator("[data-frame-card]")).to_be_visible()
    assert_legible(walls, "kaders", check_page, "[data-frame-card]")

    ok(console.emit("set_phase", {"phase": "inbreng"}))
    argument_ids = []
    for title, _cost, texts in OPTIONS:
        ids = []
        for stance, text in zip(STANCES, texts):
            ids.append(ok(console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": stance,
                                                            "text": text}))["argument_id"])
        argument_ids.append(ids)
    expect(wall.locator("[data-argument-wall] .argument")).to_have_count(60, timeout=SLOW)
    expect(english.locator("[data-argument-wall] .argument")).to_have_count(60, timeout=SLOW)
    assert_legible(walls, "inbreng", check_page, "[data-argument-wall]")

    ok(console.emit("set_phase", {"phase": "ordenen"}))
    option_ids = []
    for (title, cost, _texts), ids in zip(OPTIONS, argument_ids):
        # One argument of each option stays ungrouped: "Niet gegroepeerd" must show too.
        cluster = ok(console.emit("create_cluster", {"name": title, "argument_ids": ids[:4]}))["cluster_id"]
        option_ids.append(ok(console.emit("save_option", {"cluster_id": cluster, "title": title, "cost_euros": cost,
                                                          "description": f"{title}: uitgewerkt door de buurt"}))["option_id"])
    costs = [cost * 100 for _t, cost, _a in OPTIONS]
    expect(wall.locator(".wall-group")).to_have_count(13, timeout=SLOW)
    expect(wall.locator(".wall-group.is-rest")).to_contain_text("Niet gegroepeerd")
    expect(wall.locator("[data-options-bar] .budget-bar-over")).to_contain_text("boven het budget")
    expect(english.locator(".wall-group")).to_have_count(13, timeout=SLOW)
    assert_widths_proportional(wall, "[data-options-bar] .budget-bar", costs, 5_000_000)
    assert_legible(walls, "ordenen", check_page, "[data-options-bar] .budget-bar")

    ok(console.emit("set_phase", {"phase": "afwegen"}))
    for n, phone in enumerate(phones):
        for ids in argument_ids[: 6 + n]:
            ok(phone.emit("react", {"argument_id": ids[n % 4], "value": "agree" if n % 3 else "disagree"}))
    expect(wall.locator(".wall-group").first.locator(".wall-counts")).to_contain_text("eens")
    expect(english.locator(".wall-group").first.locator(".wall-counts")).to_contain_text("agree")
    assert_legible(walls, "afwegen", check_page, ".wall-group")

    ok(console.emit("set_phase", {"phase": "verdelen"}))
    ok(console.emit("open_ballot_round"))
    choices = [[0, 1, 2, 3], [1, 2, 4, 5, 6], [0, 2, 9, 10, 11], [3, 4, 8], [1, 6, 7, 9, 10], [0, 1, 2]]
    for phone, chosen in zip(phones, choices):
        ok(phone.emit("cast_ballot", {"approved": [option_ids[i] for i in chosen]}))
    expect(wall.locator("[data-wall-turnout]")).to_have_text(f"{PHONES} stemmen")
    expect(english.locator("[data-wall-turnout]")).to_have_text(f"{PHONES} votes")
    assert_legible(walls, "verdelen", check_page, "[data-tally]")
    ok(console.emit("close_ballot_round"))
    expect(wall.locator("[data-rule-bars] .wall-rule")).to_have_count(3)
    expect(wall.locator(".wall-rule.chosen-rule")).to_contain_text("(de regel die deze tafel koos)")
    expect(wall.locator(".wall-rule.chosen-rule h3")).to_contain_text("Methode van gelijke delen")
    expect(english.locator("[data-rule-bars] .wall-rule")).to_have_count(3)
    assert_legible(walls, "verdelen-results", check_page, "[data-rule-bars]")

    ok(console.emit("set_phase", {"phase": "besluiten"}))
    results = console.emit("request_snapshot")["snapshot"]["ballots"]["results"]
    proposal = results["mes"]["funded"]
    ok(console.emit("propose", {"option_ids": proposal, "based_on_rule": "mes"}))
    for n, phone in enumerate(phones):
        level = 5 if n == 0 else 1 + n % 3
        ok(phone.emit("give_signal", {"level": level, "reason": "Zonder bomen geen schaduw op het plein" if level == 5 else None}))
    expect(wall.locator("[data-wall-signals]")).to_have_text(f"{PHONES} antwoorden")
    by_cost = {option_id: cost for option_id, cost in zip(option_ids, costs)}
    assert_widths_proportional(wall, "[data-proposal-bar] .budget-bar",
                               [by_cost[i] for i in sorted(proposal, key=option_ids.index)], 5_000_000)
    expect(english.locator("[data-wall-signals]")).to_have_text(f"{PHONES} answers")
    assert_legible(walls, "besluiten-1", check_page, "[data-proposal-bar] .budget-bar")
    ok(console.emit("close_consensus_round"))
    expect(wall.locator("[data-wall-outcome]")).to_have_text("Geen consensus")

    second = sorted(set(proposal) - {option_ids[0]} | {option_ids[1]}, key=option_ids.index)
    ok(console.emit("propose", {"option_ids": second}))
    for n, phone in enumerate(phones):
        ok(phone.emit("give_signal", {"level": 1 + n % 3, "reason": "Als de bomen er echt komen" if n % 3 == 2 else None}))
    ok(console.emit("close_consensus_round"))
    for page in walls.values():
        expect(page.locator("[data-wall-proposal-number]")).to_contain_text("2")
        expect(page.locator("[data-wall-outcome]")).not_to_have_text("")
    assert_legible(walls, "besluiten-2", check_page, "[data-wall-outcome]")
    ok(console.emit("record_decision", {}))

    ok(console.emit("set_phase", {"phase": "afgerond"}))
    summary = wall.locator("[data-wall-summary]")
    expect(summary).to_be_visible()
    expect(summary.locator("[data-summary-decision]")).to_contain_text("Besluit:")
    expect(summary.locator("[data-summary-counts]")).to_contain_text(f"{PHONES} deelnemers · 60 argumenten · 2 consensusrondes")
    assert_widths_proportional(wall, "[data-summary-bar] .budget-bar", [by_cost[i] for i in second], 5_000_000)
    expect(english.locator("[data-summary-counts]")).to_contain_text("participants")
    assert_legible(walls, "afgerond-summary", check_page, "[data-summary-bar] .budget-bar")

    # The facilitator pages through the draft, each section on one screen, and round to the summary.
    ok(console.emit("turn_wall_page", {"direction": "next"}))
    expect(wall.locator("[data-wall-section-count]")).to_contain_text("2 van ")
    pages = int(wall.locator("[data-wall-section-count]").inner_text().rsplit(" ", 1)[1])
    titles = []
    for page in range(2, pages + 1):
        if page > 2:
            ok(console.emit("turn_wall_page", {"direction": "next"}))
        expect(wall.locator("[data-wall-section-count]")).to_have_text(f"{page} van {pages}")
        expect(english.locator("[data-wall-section-count]")).to_have_text(f"{page} of {pages}")
        titles.append(wall.locator("[data-wall-minutes-heading]").inner_text())
        # Every page in Dutch; the English pages are laid out by the same code: a few suffice.
        shown = walls if page in (2, 3, pages) else {"nl": wall}
        assert_legible(shown, f"afgerond-page-{page}", check_page, "[data-wall-minutes]")
    assert "Besluiten" in titles and "Tijdlijn" in titles, titles
    ok(console.emit("turn_wall_page", {"direction": "next"}))
    expect(wall.locator("[data-wall-summary]")).to_be_visible()
    ok(console.emit("turn_wall_page", {"direction": "previous"}))
    expect(wall.locator("[data-wall-section-count]")).to_have_text(f"{pages} van {pages}")
