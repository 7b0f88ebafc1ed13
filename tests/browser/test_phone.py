"""The phone for one thumb, in Chromium at 360×740 and 320×640, in Dutch and English:
the argument form in the first screen, Afwegen grouped by option with what each option
is, costs and who carries it out, a ballot that fits 320 px, five answers a thumb can
hit, and the decision after closing. Every phase is checked by axe and photographed."""
import uuid

import pytest
from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.web import Organiser, open_link

from .conftest import ARTIFACTS, assert_widths_proportional

MEDIUM = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
SMALL = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
LOCALES = {"nl": "nl-NL", "en": "en-GB"}
WORDS = {
    "nl": {"join": "Doe mee", "phases": ["Welkom", "Kaders", "Inbreng", "Ordenen", "Afwegen", "Verdelen",
                                         "Besluiten", "Afgerond"],
           "carried": "Uitgevoerd door: Buurtvereniging De Meeuw", "agree": "Eens", "other": "Andere argumenten",
           "objection": "Bezwaar: dit mag niet doorgaan", "notes": "Eens, met kanttekeningen",
           "fully": "Volledig eens", "send_answer": "Antwoord geven", "saved": "Je antwoord is opgeslagen",
           "needs_reason": "Bij een bezwaar hoort een reden: wat moet er anders?",
           "reason_needed": "Nodig bij een bezwaar",
           "does_not_fit": "past niet meer", "outcome": "Instemming met voorbehoud",
           "total": "Samen € 5.000 van het budget van € 12.500; er blijft € 7.500 over.",
           "draft": "Het conceptverslag staat op het scherm", "final": "Het verslag is definitief"},
    "en": {"join": "Take part", "phases": ["Welcome", "Frame", "Input", "Clustering", "Weighing", "Allocation",
                                           "Decision", "Closed"],
           "carried": "Carried out by: Buurtvereniging De Meeuw", "agree": "Agree", "other": "Other arguments",
           "objection": "Objection: this must not go ahead", "notes": "Agree, with notes",
           "fully": "Fully agree", "send_answer": "Give my answer", "saved": "Your answer is saved",
           "needs_reason": "An objection needs a reason: what should change?",
           "reason_needed": "Needed for an objection",
           "does_not_fit": "does not fit any more", "outcome": "Consent with reservations",
           "total": "Together €5,000 of the budget of €12,500; €7,500 is left.",
           "draft": "The draft minutes are on the wall", "final": "The minutes are final"},
}
BUDGET_CENTS = 1_250_000  # Organiser.create_round's budget
LONG = ("Een speeltuin met een klimrek, schommels en een zandbak voor kinderen tot twaalf jaar, met bankjes "
        "eromheen voor de ouders en een hek langs de straat, zodat kleine kinderen er veilig kunnen spelen.")
OPTIONS = (("Speeltuin", 8000, LONG, "Buurtvereniging De Meeuw"),
           ("Bomen", 3000, "Zes lindes langs de Meeuwenlaan.", "Stadsdeel Noord"),
           ("Bankjes", 2000, "", ""))


def nbsp(text: str) -> str:
    """Intl writes "€ 5.000" with a no-break space."""
    return text.replace("€ ", "€\u00a0")


def table_with_console(server):
    organiser = Organiser(server.url).set_up(server.setup_link())
    links = organiser.create_table(organiser.create_round())
    console = RecordingClient(server.url, open_link(links["console"]), table_id=links["id"], role="console").connect()
    console.wait_for("snapshot")
    return links, console


def comes_before(page, first, second):
    return page.evaluate("""([first, second]) => Boolean(document.querySelector(first)
        .compareDocumentPosition(document.querySelector(second)) & Node.DOCUMENT_POSITION_FOLLOWING)""", [first, second])


def ok(ack):
    assert ack["ok"], ack
    return ack


def in_first_screen(page, selector):
    """The element is whole within the viewport with the page scrolled to the top."""
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, box


def assert_phone_bar(page, selector, legend, costs, keys):
    """The shared budget bar, its segments as wide as their costs; its numbers stand in the
    list beside it, which is its legend (inside the segments they would be too small)."""
    bar = page.locator(selector)
    expect(bar).to_be_visible()
    assert_widths_proportional(page, selector, costs, BUDGET_CENTS)
    expect(bar.locator(".budget-bar-number").first).to_be_hidden()
    expect(page.locator(f"{legend} .budget-bar-key")).to_have_text(keys)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_phone_through_every_phase_for_one_thumb(server, open_context, check_page, language):
    words = WORDS[language]
    phases = dict(zip(["welkom", "kaders", "inbreng", "ordenen", "afwegen", "verdelen", "besluiten", "afgerond"],
                      words["phases"]))
    links, console = table_with_console(server)
    phones = {}
    for width, kind in ((360, MEDIUM), (320, SMALL)):
        page = open_context(kind, locale=LOCALES[language])
        page.goto(links["join"])
        page.get_by_role("button", name=words["join"]).click()
        expect(page.locator("[data-connection]")).to_have_class("connection online")
        phones[width] = page

    def each_phone(phase):
        for width, page in phones.items():
            expect(page.locator("[data-phase-name]")).to_have_text(phases[phase])
            yield width, page

    def photograph(phase):
        for width, page in each_phone(phase):
            check_page(page, f"phone-{phase}-{language}-{width}")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{phase} scrolls sideways"

    photograph("welkom")
    ok(console.emit("save_frame", {"goals": "Meer plekken om elkaar te ontmoeten.", "roles": "Fatima leidt.",
                                   "conditions": "Alleen eenmalige uitgaven.", "ballot_form": "kiezen",
                                   "rule": "mes", "consensus_rule": "consent"}))
    ok(console.emit("set_phase", {"phase": "kaders"}))
    for _width, page in each_phone("kaders"):
        expect(page.locator("[data-frame-card]")).to_contain_text("Meer plekken om elkaar te ontmoeten.")
    photograph("kaders")

    # Inbreng: the form, down to its send button, in the first screen.
    ok(console.emit("set_phase", {"phase": "inbreng"}))
    for width, page in each_phone("inbreng"):
        expect(page.locator("[data-submit]")).to_be_visible()
        fits, box = in_first_screen(page, "[data-submit]")
        page.screenshot(path=str(ARTIFACTS / f"phone-inbreng-first-screen-{language}-{width}.png"))
        # The three stances on one line, inside the form's card.
        card = page.locator("[data-input-section]").bounding_box()
        stances = [page.locator(".stance-option").nth(n).bounding_box() for n in range(3)]
        assert len({round(box["y"]) for box in stances}) == 1, stances
        assert stances[2]["x"] + stances[2]["width"] <= card["x"] + card["width"], (stances, card)
        assert fits, f"the send button is below the first screen at {width}px: {box}"
        page.locator("#argument-text").fill(f"Een watertappunt, vanaf {width} pixels")
        page.locator("[data-submit]").click()
        expect(page.locator("[data-my-arguments] .argument")).to_have_count(1)
    option_ids = {}
    for title, euros, description, carried_by in OPTIONS:
        ids = [ok(console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": stance,
                                                    "text": f"{title}: {text}"}))["argument_id"]
               for stance, text in (("voor", "goed voor de buurt"), ("tegen", "waar komt het te staan?"))]
        cluster = ok(console.emit("create_cluster", {"name": title, "argument_ids": ids}))["cluster_id"]
        option_ids[title] = ok(console.emit("save_option", {
            "cluster_id": cluster, "title": title, "cost_euros": euros, "description": description,
            "carried_by": carried_by}))["option_id"]
    ok(console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "idee",
                                         "text": "Een buurtfeest om het te vieren"}))
    for _width, page in each_phone("inbreng"):
        expect(page.locator("[data-arguments] .argument")).to_have_count(8)
    photograph("inbreng")
    ok(console.emit("set_phase", {"phase": "ordenen"}))
    photograph("ordenen")

    # Afwegen: every option with what it is, its cost and who carries it out, its
    # arguments under it and the rest at the end; a reaction is one tap.
    ok(console.emit("set_phase", {"phase": "afwegen"}))
    for width, page in each_phone("afwegen"):
        groups = page.locator("[data-arguments] > .option-group")
        expect(groups).to_have_count(4)
        playground = groups.nth(0)
        expect(playground.locator(".option-title")).to_have_text("Speeltuin")
        expect(playground.locator(".option-cost")).to_have_text(nbsp("€ 8.000" if language == "nl" else "€8,000"))
        expect(playground.locator(".option-carrier")).to_have_text(words["carried"])
        expect(playground.locator(".option-description")).to_have_text(LONG)
        expect(playground.locator(".argument-text")).to_have_text(
            ["Speeltuin: goed voor de buurt", "Speeltuin: waar komt het te staan?"])
        expect(groups.nth(1).locator(".option-description")).to_have_text("Zes lindes langs de Meeuwenlaan.")
        expect(groups.nth(3).locator(".option-title")).to_have_text(words["other"])
        expect(groups.nth(3).locator(".argument-text")).to_have_count(2)  # the feast and the other phone's
        # The options come before the form now: they are what the table weighs.
        assert comes_before(page, "[data-table-arguments]", "[data-input-section]")
        agree = playground.locator(".argument").first.get_by_role("button", name=words["agree"], exact=True)
        agree.click()
        expect(agree).to_have_attribute("aria-pressed", "true")
    photograph("afwegen")

    # Verdelen: the ballot shows the same details; "does not fit" is a line of its own.
    ok(console.emit("set_phase", {"phase": "verdelen"}))
    ok(console.emit("open_ballot_round"))
    for width, page in each_phone("verdelen"):
        rows = page.locator("[data-ballot-options] .ballot-option")
        expect(rows).to_have_count(3)
        assert comes_before(page, "[data-ballot-section]", "[data-table-arguments]")
        expect(rows.nth(0).locator(".option-carrier")).to_have_text(words["carried"])
        expect(rows.nth(0).locator("details.option-more .option-description")).to_have_text(LONG)  # folded: long
        expect(rows.nth(1).locator(".option-description")).to_be_visible()  # short: shown
        rows.nth(0).locator("input[type=checkbox]").check()
        rows.nth(1).locator("input[type=checkbox]").check()
        benches = rows.nth(2)
        expect(benches.locator(".fit-note")).to_have_text(words["does_not_fit"])
        expect(benches.locator("input[type=checkbox]")).to_be_disabled()
        name = benches.locator(".ballot-choice-text > span").first.bounding_box()
        note = benches.locator(".fit-note").bounding_box()
        assert note["y"] >= name["y"] + name["height"] - 1, "the note is not under the option's name"
        assert abs(note["x"] - name["x"]) <= 1, "the note does not start where the name starts"
        assert benches.locator(".ballot-choice-text").bounding_box()["width"] >= width - 120, "a squeezed column"
        photograph_name = f"phone-verdelen-{language}-{width}"
        check_page(page, photograph_name)
        rows.nth(0).locator("input[type=checkbox]").uncheck()
        benches.locator("input[type=checkbox]").check()
        page.locator("[data-ballot-submit]").click()
        expect(page.locator("[data-ballot-status]")).not_to_be_empty()
    ok(console.emit("close_ballot_round"))

    # Besluiten at 320 px: five choices of at least 44×44, none overlapping, the whole
    # line a label, a real radio group for the keyboard.
    ok(console.emit("set_phase", {"phase": "besluiten"}))
    ok(console.emit("propose", {"option_ids": [option_ids["Bomen"], option_ids["Bankjes"]]}))
    small = phones[320]
    for _width, page in each_phone("besluiten"):
        expect(page.locator(".signal-choice")).to_have_count(5)
        expect(page.locator("[data-proposal-list] .decision-amount")).to_have_text(
            [nbsp(a) for a in (["€ 3.000", "€ 2.000"] if language == "nl" else ["€3,000", "€2,000"])])
        assert comes_before(page, "[data-signal-section]", "[data-table-arguments]")
        assert_phone_bar(page, "[data-proposal-budget-bar] .budget-bar", "[data-proposal-list]", [300_000, 200_000], ["2", "3"])
    choices = small.locator(".signal-choice")
    boxes = [choices.nth(n).bounding_box() for n in range(5)]
    for box in boxes:
        assert box["width"] >= 44 and box["height"] >= 44, box
        assert box["width"] >= 320 - 80, f"not full width: {box}"
    for n, a in enumerate(boxes):
        for b in boxes[n + 1:]:
            overlap = (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                       and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])
            assert not overlap, (a, b)
    radios = small.locator("input[name=level]")
    for n in range(5):
        box = boxes[n]
        # Tapped at the far end of the line, away from the little circle.
        choices.nth(n).click(position={"x": box["width"] - 8, "y": box["height"] / 2})
        expect(radios.nth(n)).to_be_checked()
    radios.nth(0).focus()
    small.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_checked()
    expect(small.locator("[data-reason-field]")).to_be_visible()  # notes welcome, not needed

    # An objection shows the reason field and says it is needed; nothing is sent without one.
    small.get_by_label(words["objection"]).check()
    expect(small.locator("[data-reason-hint]")).to_contain_text(words["reason_needed"])
    expect(small.locator("#signal-reason")).to_have_attribute("aria-required", "true")
    small.get_by_role("button", name=words["send_answer"]).click()
    expect(small.locator("[data-signal-error]")).to_have_text(words["needs_reason"])
    expect(small.locator("#signal-reason")).to_be_focused()
    check_page(small, f"phone-besluiten-objection-{language}-320")
    small.locator("#signal-reason").fill("Eerst de bomen, dan de bankjes")
    small.get_by_label(words["notes"]).check()
    small.get_by_role("button", name=words["send_answer"]).click()
    expect(small.locator("[data-signal-status]")).to_contain_text(words["saved"])
    medium = phones[360]
    medium.get_by_label(words["fully"]).check()
    expect(medium.locator("[data-reason-field]")).to_be_hidden()
    medium.get_by_role("button", name=words["send_answer"]).click()
    expect(medium.locator("[data-signal-status]")).to_contain_text(words["saved"])
    photograph("besluiten")

    # After closing: the decision, the allocation and where the minutes go.
    ok(console.emit("close_consensus_round"))
    ok(console.emit("record_decision", {}))
    ok(console.emit("set_phase", {"phase": "afgerond"}))
    for width, page in each_phone("afgerond"):
        decision = page.locator("[data-decision-section]")
        expect(decision.locator("[data-decision-outcome]")).to_have_text(words["outcome"])
        expect(decision.locator(".decision-title")).to_have_text(["Bomen", "Bankjes"])
        amounts = ["€ 3.000", "€ 2.000"] if language == "nl" else ["€3,000", "€2,000"]
        expect(decision.locator(".decision-amount")).to_have_text([nbsp(a) for a in amounts])
        expect(decision.locator("[data-decision-total]")).to_have_text(nbsp(words["total"]))
        assert_phone_bar(decision, "[data-budget-bar] .budget-bar", "[data-decision-options]", [300_000, 200_000], ["2", "3"])
        expect(decision.locator("[data-minutes-draft]")).to_contain_text(words["draft"])
        fits, box = in_first_screen(page, "[data-decision-outcome]")
        assert fits, f"the decision is below the first screen at {width}px: {box}"
    photograph("afgerond")
    ok(console.emit("close_table"))
    for width, page in each_phone("afgerond"):
        expect(page.locator("[data-minutes-final]")).to_contain_text(words["final"])
        check_page(page, f"phone-closed-{language}-{width}")


def test_too_many_points_are_named_and_not_sent_in_english(server, open_context, check_page):
    links, console = table_with_console(server)
    ok(console.emit("save_frame", {"goals": "", "roles": "", "conditions": "", "ballot_form": "verdelen",
                                   "rule": "mes", "consensus_rule": "consent"}))
    ok(console.emit("set_phase", {"phase": "inbreng"}))
    for title, euros, description, carried_by in OPTIONS:
        argument = ok(console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor",
                                                        "text": title}))["argument_id"]
        cluster = ok(console.emit("create_cluster", {"name": title, "argument_ids": [argument]}))["cluster_id"]
        ok(console.emit("save_option", {"cluster_id": cluster, "title": title, "cost_euros": euros,
                                        "description": description, "carried_by": carried_by}))
    ok(console.emit("set_phase", {"phase": "verdelen"}))
    ok(console.emit("open_ballot_round"))
    phone = open_context(SMALL, locale=LOCALES["en"])
    phone.goto(links["join"])
    phone.get_by_role("button", name="Take part").click()

    phone.get_by_label("Speeltuin — €8,000").fill("70")
    phone.get_by_label("Bomen — €3,000").fill("45")
    total = phone.locator("[data-ballot-total]")
    expect(total).to_have_text("You have given 15 points too many")
    expect(total).to_have_class("lead error")
    save = phone.get_by_role("button", name="Save my vote")
    expect(save).to_have_accessible_description("You have given 15 points too many")
    # The name of each option stays readable beside its field at 320 px.
    for n in range(3):
        row = phone.locator(".ballot-option").nth(n)
        label, field = row.locator("label").bounding_box(), row.locator("input").bounding_box()
        assert label["x"] + label["width"] <= field["x"], (label, field)
    check_page(phone, "phone-verdelen-points-over-en-320")
    save.press("Enter")
    expect(phone.locator("[data-ballot-error]")).to_have_text("You can give at most 100 points in all.")
    phone.get_by_label("Bomen — €3,000").fill("30")
    expect(total).to_have_text("Points left: 0")
    expect(phone.locator("[data-ballot-error]")).to_be_empty()
    save.press("Enter")
    expect(phone.locator("[data-ballot-status]")).to_contain_text("Your vote is saved")
    assert console.emit("request_snapshot")["snapshot"]["ballots"]["turnout"] == 1
