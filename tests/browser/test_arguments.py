"""Inbreng and Afwegen in Chromium: phones add arguments (one while offline), the
facilitator types one in and moderates, the wall follows, phones react."""
import uuid

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.web import open_link

from .conftest import LAPTOP, PHONE, PROJECTOR
from .test_first_evening import set_up_table


def join(page, links, name=""):
    page.goto(links["join"])
    if name:
        page.get_by_label("Je naam (niet verplicht)").fill(name)
    page.get_by_role("button", name="Doe mee").click()
    expect(page.locator("[data-connection]")).to_have_text("Verbonden")


def send(page, text, stance="Voor"):
    page.locator(".stance-option", has_text=stance).click()
    page.get_by_label("Je argument of idee").fill(text)
    page.get_by_role("button", name="Versturen").click()


def moderated(console, text):
    """The console's card of one argument (other cards mention it in their merge lists)."""
    return console.locator("[data-moderation-list] .argument").filter(
        has=console.locator(".argument-text", has_text=text))


def table_in_inbreng(server, open_context):
    """A new table in Inbreng, and a console socket to feed it and read it back."""
    links = set_up_table(open_context(LAPTOP), server, lambda page, name: None)
    feeder = RecordingClient(server.url, open_link(links["console"]), table_id=links["id"], role="console").connect()
    feeder.wait_for("snapshot")
    assert feeder.emit("set_phase", {"phase": "inbreng"})["ok"]
    return links, feeder


def wall_texts(wall):
    return wall.locator("[data-column] .argument-text").all_inner_texts()


def test_arguments_reach_the_wall_once_even_from_a_phone_that_was_offline(server, open_context, check_page):
    links = set_up_table(open_context(LAPTOP), server, lambda page, name: None)
    console = open_context(LAPTOP)
    console.goto(links["console"])
    wall = open_context(PROJECTOR)
    wall.goto(links["wall"])
    anna, bram = open_context(PHONE), open_context(PHONE)
    join(anna, links, "Anna")
    join(bram, links)

    console.locator("[data-phase-list]").get_by_role("button", name="Inbreng").click()
    expect(anna.get_by_label("Je argument of idee")).to_be_visible()
    send(anna, "Een speeltuin houdt kinderen van straat")
    expect(wall.locator("[data-column=voor] .argument-text")).to_have_text(["Een speeltuin houdt kinderen van straat"])
    expect(anna.locator("[data-my-arguments] .status")).to_have_text(["Verzonden"])
    check_page(anna, "phone-inbreng")

    # Bram loses the Wi-Fi, writes three arguments, reloads (which fails), and comes back.
    bram.context.set_offline(True)
    expect(bram.locator("[data-connection]")).to_contain_text("Geen verbinding")
    texts = ["Moestuin geeft buren contact", "Te duur voor één zomer", "Combineer ze: een pluktuin"]
    for text, stance in zip(texts, ["Voor", "Tegen", "Idee"]):
        send(bram, text, stance)
    expect(bram.locator("[data-my-arguments] .status")).to_have_text(["Wacht op verbinding — bewaard op deze telefoon"] * 3)
    check_page(bram, "phone-offline-outbox")
    try:
        bram.reload()
    except PlaywrightError:
        pass  # offline: the browser shows its own error page; the outbox is in localStorage
    bram.context.set_offline(False)
    bram.goto(links["join"])
    expect(wall.locator("[data-column] .argument")).to_have_count(4)
    assert sorted(wall_texts(wall)) == sorted(texts + ["Een speeltuin houdt kinderen van straat"])
    expect(bram.locator("[data-my-arguments] .status")).to_have_text(["Verzonden"] * 3)
    expect(bram.locator("[data-arguments] .argument")).to_have_count(1)  # Anna's

    # The facilitator types one in from a paper card; the wall marks it.
    console.get_by_label("Argument (bijvoorbeeld van een papieren kaartje)").fill("Bankjes voor ouderen")
    console.get_by_role("button", name="Op het scherm zetten").click()
    expect(wall.locator("[data-column=voor] .argument", has_text="Bankjes voor ouderen")).to_contain_text("via de gespreksleider")
    check_page(wall, "wall-inbreng")
    check_page(console, "console-inbreng")

    # Moderation: hide one with a reason, merge a duplicate.
    send(anna, "Speeltuin = kinderen van straat")
    expect(wall.locator("[data-column] .argument")).to_have_count(6)
    duplicate = moderated(console, "Speeltuin = kinderen")
    duplicate.get_by_label("Samenvoegen met…").select_option(label="#1 Een speeltuin houdt kinderen van straat")
    duplicate.get_by_role("button", name="Samenvoegen").click()
    expect(wall.locator("[data-column] .argument")).to_have_count(5)
    expect(wall.locator(".argument", has_text="Een speeltuin houdt")).to_contain_text("2 keer genoemd")

    too_expensive = moderated(console, "Te duur voor")
    too_expensive.get_by_label("Reden om te verbergen").fill("Dubbel met kaartje 3")
    too_expensive.get_by_role("button", name="Verbergen").click()
    expect(wall.locator("[data-column] .argument")).to_have_count(4)
    # Bram keeps it in his own list, told why; the other phones lose it.
    expect(bram.locator("[data-my-arguments] .argument", has_text="Te duur voor")).to_contain_text(
        "verborgen door de gespreksleider: Dubbel met kaartje 3")
    expect(bram.locator("[data-my-arguments] .argument:not(.is-hidden)")).to_have_count(2)
    expect(anna.locator("[data-arguments] .argument", has_text="Te duur voor")).to_have_count(0)
    expect(moderated(console, "Te duur voor")).to_contain_text("Dubbel met kaartje 3")

    # Afwegen: Anna reacts to Bram's idea; the wall shows the count.
    console.locator("[data-phase-list]").get_by_role("button", name="Afwegen").click()
    idea = anna.locator("[data-arguments] .argument", has_text="pluktuin")
    idea.get_by_role("button", name="Eens", exact=True).click()
    expect(idea.get_by_role("button", name="Eens", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(wall.locator(".argument", has_text="pluktuin")).to_contain_text("1 eens")
    check_page(anna, "phone-afwegen")
    check_page(wall, "wall-afwegen")

    # The facilitator closes input for a moment: the phone says so and offers no form.
    console.get_by_role("button", name="Inbreng sluiten").click()
    expect(anna.get_by_text("Je kunt nu geen argumenten toevoegen.")).to_be_visible()
    expect(anna.get_by_label("Je argument of idee")).to_be_hidden()
    console.get_by_role("button", name="Inbreng openen").click()
    expect(anna.get_by_label("Je argument of idee")).to_be_visible()

    # Anna rewrites her argument, then withdraws it; the wall follows both.
    own = anna.locator("[data-my-arguments] .argument", has_text="Een speeltuin houdt")
    own.get_by_role("button", name="Wijzigen").click()
    expect(anna.get_by_label("Je argument of idee")).to_have_value("Een speeltuin houdt kinderen van straat")
    anna.get_by_label("Je argument of idee").fill("Een speeltuin houdt kinderen buiten spelen")
    anna.get_by_role("button", name="Opslaan").click()
    expect(wall.locator(".argument-text", has_text="buiten spelen")).to_have_count(1)
    expect(anna.get_by_role("button", name="Versturen")).to_be_visible()
    anna.locator("[data-my-arguments] .argument", has_text="buiten spelen").get_by_role("button", name="Intrekken").click()
    expect(wall.locator(".argument-text", has_text="buiten spelen")).to_have_count(0)
    expect(console.locator("[data-moderation-list]")).to_contain_text("Ingetrokken door de schrijver")


def test_what_the_facilitator_types_survives_arguments_arriving(server, open_context):
    """A busy table redraws the console's list on every new argument and reaction. A hide
    reason typed before reaching for the mouse, a correction half written, and a choice in
    a merge list must all still be there — not only the one field that has focus."""
    links, feeder = table_in_inbreng(server, open_context)

    def capture(text):
        assert feeder.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": text})["ok"]

    for text in ("Een bankje bij de bushalte", "Een bank bij de bushalte", "Zebrapad bij school"):
        capture(text)
    console = open_context(LAPTOP)
    console.goto(links["console"])
    expect(console.locator("[data-moderation-list] .argument")).to_have_count(3)

    moderated(console, "Een bankje").get_by_label("Reden om te verbergen").fill("Noemt een buurman bij naam")
    duplicate = moderated(console, "Een bank bij").locator("option", has_text="Een bankje")
    merge_into = duplicate.get_attribute("value")
    moderated(console, "Een bank bij").get_by_label("Samenvoegen met…").select_option(merge_into)
    moderated(console, "Zebrapad").get_by_role("button", name="Wijzigen").click()
    moderated(console, "Zebrapad").get_by_label("Wijzigen").fill("Zebrapad bij de basisschool")
    console.get_by_label("Argument (bijvoorbeeld van een papieren kaartje)").focus()  # the focus is elsewhere

    for n in range(3):
        capture(f"Nieuw argument {n + 1}")
    expect(console.locator("[data-moderation-list] .argument")).to_have_count(6)
    expect(moderated(console, "Een bankje").get_by_label("Reden om te verbergen")).to_have_value("Noemt een buurman bij naam")
    expect(moderated(console, "Een bank bij").get_by_label("Samenvoegen met…")).to_have_value(merge_into)
    expect(moderated(console, "Zebrapad").get_by_label("Wijzigen")).to_have_value("Zebrapad bij de basisschool")

    # And what was kept is what is sent.
    moderated(console, "Een bankje").get_by_role("button", name="Verbergen").click()
    expect(moderated(console, "Een bankje")).to_contain_text("Noemt een buurman bij naam")
    moderated(console, "Zebrapad").get_by_role("button", name="Opslaan").click()
    expect(moderated(console, "Zebrapad bij de basisschool")).to_have_count(1)
    snapshot = feeder.emit("request_snapshot")["snapshot"]
    hidden = next(a for a in snapshot["arguments"] if a["text"] == "Een bankje bij de bushalte")
    assert hidden["hidden_reason"] == "Noemt een buurman bij naam"
    # Saved, the correction is no longer a draft: a later change by someone else shows.
    corrected = next(a for a in snapshot["arguments"] if a["text"] == "Zebrapad bij de basisschool")
    assert feeder.emit("correct_argument", {"argument_id": corrected["id"], "text": "Zebrapad bij basisschool De Wissel",
                                            "stance": "voor"})["ok"]
    expect(moderated(console, "De Wissel")).to_have_count(1)


def test_a_paper_card_typed_on_the_console_survives_a_reload_and_goes_on_the_wall_once(server, open_context):
    links, feeder = table_in_inbreng(server, open_context)
    console = open_context(LAPTOP)
    console.goto(links["console"])
    card_text = console.get_by_label("Argument (bijvoorbeeld van een papieren kaartje)")

    # Half typed, then the laptop reloads: the card and its stance are still there.
    console.locator(".stance-option", has_text="Tegen").click()
    card_text.fill("Het plein wordt te druk op zaterdag")
    console.reload()
    expect(card_text).to_have_value("Het plein wordt te druk op zaterdag")
    expect(console.get_by_role("radio", name="Tegen")).to_be_checked()
    console.get_by_role("button", name="Op het scherm zetten").click()
    expect(moderated(console, "te druk op zaterdag")).to_have_count(1)
    expect(card_text).to_have_value("")
    console.reload()
    expect(card_text).to_have_value("")

    # A try that reached the server just as the Wi-Fi dropped (its answer lost), then a
    # reload: sending the kept card again confirms it, it is not added a second time.
    client_id = str(uuid.uuid4())
    assert feeder.emit("capture_argument", {"client_id": client_id, "stance": "idee", "text": "Een pannakooi"})["ok"]
    console.evaluate("([key, draft]) => localStorage.setItem(key, JSON.stringify(draft))",
                     [f"buurttafel:capture:{links['id']}", {"text": "Een pannakooi", "stance": "idee", "client_id": client_id}])
    console.reload()
    expect(card_text).to_have_value("Een pannakooi")
    console.get_by_role("button", name="Op het scherm zetten").click()
    expect(card_text).to_have_value("")
    texts = [a["text"] for a in feeder.emit("request_snapshot")["snapshot"]["arguments"]]
    assert sorted(texts) == ["Een pannakooi", "Het plein wordt te druk op zaterdag"]


def test_a_half_typed_argument_survives_the_phone_reloading_the_page(server, open_context):
    """Phones reload a page they put away while their owner looked at another app."""
    links, console = table_in_inbreng(server, open_context)
    phone = open_context(PHONE)
    join(phone, links, "Anna")
    text = phone.get_by_label("Je argument of idee")

    send(phone, "Bankjes bij de vijver")
    expect(phone.locator("[data-my-arguments] .status")).to_have_text(["Verzonden"])
    phone.locator(".stance-option", has_text="Idee").click()
    text.fill("Een watertappunt bij het")
    phone.reload()
    expect(text).to_have_value("Een watertappunt bij het")
    expect(phone.get_by_role("radio", name="Idee")).to_be_checked()
    expect(phone.locator("[data-count]")).to_have_text("24 van 1.000 tekens")

    # Correcting an earlier argument borrows the form; the draft comes back afterwards.
    phone.locator("[data-my-arguments] .argument").get_by_role("button", name="Wijzigen").click()
    expect(text).to_have_value("Bankjes bij de vijver")
    text.fill("Bankjes en een prullenbak bij de vijver")
    phone.get_by_role("button", name="Opslaan").click()
    expect(phone.locator("[data-my-arguments] .argument-text")).to_have_text(["Bankjes en een prullenbak bij de vijver"])
    expect(text).to_have_value("Een watertappunt bij het")

    text.fill("Een watertappunt bij het speelveld")
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.locator("[data-my-arguments] .status")).to_have_text(["Verzonden"] * 2)
    phone.reload()
    expect(text).to_have_value("")
    expect(phone.locator("[data-my-arguments] .argument")).to_have_count(2)
    texts = sorted(a["text"] for a in console.emit("request_snapshot")["snapshot"]["arguments"])
    assert texts == ["Bankjes en een prullenbak bij de vijver", "Een watertappunt bij het speelveld"]
