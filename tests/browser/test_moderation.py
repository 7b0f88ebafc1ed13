"""Pre-moderation in Chromium: the console's queue (approved by click and by keyboard,
hidden with a reason, approved all at once), the author's phone saying "wacht op de
gespreksleider" and why an argument was hidden, the wall showing only what was approved,
and a merge undone from the console. axe on every view."""
import uuid

from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.web import join_as_phone

from .conftest import ARTIFACTS, LAPTOP, PROJECTOR
from .test_arguments import join, send, table_in_inbreng, wall_texts

SMALL_PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
               "device_scale_factor": 2}
ABUSE = "Die klootzak van nummer 12 moet oprotten"


def viewport_shot(page, selector, name):
    """What the facilitator sees with this part of the console scrolled into view."""
    page.locator(selector).scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def queue(console):
    return console.locator("[data-moderation-queue] .argument")


def queued(console, text):
    return queue(console).filter(has=console.locator(".argument-text", has_text=text))


def mine(phone, text):
    return phone.locator("[data-my-arguments] .argument").filter(has=phone.locator(".argument-text", has_text=text))


def test_the_console_queue_holds_phone_arguments_until_approved_by_click_or_key(server, open_context, check_page):
    links, feeder = table_in_inbreng(server, open_context)
    console = open_context(LAPTOP)
    console.goto(links["console"])
    wall = open_context(PROJECTOR)
    wall.goto(links["wall"])
    author = open_context(SMALL_PHONE)
    join(author, links, "Kees")

    switch = console.get_by_label("Voormoderatie: argumenten van telefoons wachten op mijn goedkeuring")
    expect(switch).to_be_enabled()
    expect(switch).not_to_be_checked()  # off by default
    before = len(feeder.received)
    switch.focus()
    console.keyboard.press("Space")
    feeder.wait_for("premoderation_changed", lambda e: e["premoderation"] is True, after=before)
    expect(console.locator("[data-premoderation-state]")).to_contain_text("wachten hier")

    for text in (ABUSE, "Meer bankjes bij de speeltuin", "Een moestuin voor de school"):
        send(author, text, "Voor")
    expect(mine(author, "Meer bankjes")).to_contain_text("wacht op de gespreksleider")
    expect(queue(console)).to_have_count(3)
    expect(console.locator("[data-queue-count]")).to_have_text("3")
    expect(console.get_by_role("button", name="Alles goedkeuren (3)")).to_be_visible()
    # The paper card of the facilitator goes to the wall at once.
    console.get_by_label("Argument (bijvoorbeeld van een papieren kaartje)").fill("Van een kaartje: bankjes")
    console.get_by_role("button", name="Op het scherm zetten").click()
    expect(wall.locator("[data-column] .argument-text")).to_have_text(["Van een kaartje: bankjes"])
    check_page(console, "console-moderation-queue")
    viewport_shot(console, "[data-queue-section]", "console-queue-1280x800")
    console.set_viewport_size({"width": 1024, "height": 768})
    viewport_shot(console, "[data-queue-section]", "console-queue-1024x768")
    console.set_viewport_size(LAPTOP["viewport"])

    queued(console, ABUSE).get_by_label("Reden om te verbergen").fill("Persoonlijke aanval")
    queued(console, ABUSE).get_by_role("button", name="Verbergen").click()
    expect(mine(author, ABUSE)).to_contain_text("verborgen door de gespreksleider: Persoonlijke aanval")
    expect(author.locator("[data-announce]")).to_have_text("verborgen door de gespreksleider: Persoonlijke aanval")
    expect(mine(author, "Meer bankjes")).to_contain_text("wacht op de gespreksleider")
    expect(queue(console)).to_have_count(2)
    check_page(author, "phone-360-waiting-and-hidden")
    author.set_viewport_size({"width": 320, "height": 640})
    check_page(author, "phone-320-waiting-and-hidden")
    author.set_viewport_size({"width": 360, "height": 740})

    queued(console, "Meer bankjes").get_by_role("button", name="Goedkeuren").click()
    expect(wall.locator("[data-column] .argument-text", has_text="Meer bankjes")).to_have_count(1)
    expect(mine(author, "Meer bankjes")).to_contain_text("Verzonden")
    expect(author.locator("[data-announce]")).to_have_text("Verzonden: Meer bankjes bij de speeltuin")
    # The focus moved on to the next one's button: one key approves it.
    next_button = queued(console, "Een moestuin").get_by_role("button", name="Goedkeuren")
    expect(next_button).to_be_focused()
    console.keyboard.press("Enter")
    expect(wall.locator("[data-column] .argument-text", has_text="Een moestuin")).to_have_count(1)
    expect(queue(console)).to_have_count(0)
    expect(console.locator("[data-moderation-queue]")).to_contain_text("Er wacht niets.")
    assert ABUSE not in " ".join(wall_texts(wall))
    check_page(wall, "wall-after-moderation")
    check_page(console, "console-moderation-queue-empty")

    # Two more from another phone, approved in one action.
    other = RecordingClient(server.url, join_as_phone(links), table_id=links["id"], role="phone").connect()
    for text in ("Bomen langs de gracht", "Een bankje bij de bushalte"):
        assert other.emit("submit_argument", {"client_id": str(uuid.uuid4()), "stance": "idee", "text": text})["ok"]
    console.get_by_role("button", name="Alles goedkeuren (2)").click()
    expect(wall.locator("[data-column] .argument")).to_have_count(5)
    other.disconnect()

    # Switched off with nothing waiting: new arguments go to the wall at once.
    switch.click()
    expect(console.locator("[data-premoderation-state]")).to_contain_text("meteen naar het scherm")
    send(author, "Direct op het scherm", "Tegen")
    expect(wall.locator("[data-column] .argument-text", has_text="Direct op het scherm")).to_have_count(1)


def test_the_author_sees_the_waiting_state_after_a_reload(server, open_context, check_page):
    links, feeder = table_in_inbreng(server, open_context)
    assert feeder.emit("set_premoderation", {"on": True})["ok"]
    author = open_context(SMALL_PHONE)
    join(author, links)
    send(author, "Een pluktuin voor iedereen", "Idee")
    expect(mine(author, "Een pluktuin")).to_contain_text("wacht op de gespreksleider")
    author.reload()
    expect(author.locator("[data-connection]")).to_have_text("Verbonden")
    expect(mine(author, "Een pluktuin")).to_contain_text("wacht op de gespreksleider")
    expect(mine(author, "Een pluktuin")).to_have_count(1)


def test_the_queue_and_the_phones_marks_in_english(server, open_context, check_page):
    links, feeder = table_in_inbreng(server, open_context)
    assert feeder.emit("set_premoderation", {"on": True})["ok"]
    author = open_context(SMALL_PHONE, locale="en-GB")
    author.goto(links["join"])
    author.get_by_role("button", name="Take part").click()
    expect(author.locator("[data-connection]")).to_have_text("Connected")
    for text in ("Call me on 06-12345678", "Benches by the playground"):
        author.get_by_label("Your argument or idea").fill(text)
        author.get_by_role("button", name="Send").click()
    console = open_context(LAPTOP, locale="en-GB")
    console.goto(links["console"])
    expect(queue(console)).to_have_count(2)
    check_page(console, "console-moderation-queue-en")
    queued(console, "Call me").get_by_label("Reason for hiding").fill("Contains a phone number")
    queued(console, "Call me").get_by_role("button", name="Hide").click()
    expect(mine(author, "Call me")).to_contain_text("hidden by the facilitator: Contains a phone number")
    expect(mine(author, "Benches")).to_contain_text("waiting for the facilitator")
    check_page(author, "phone-360-waiting-and-hidden-en")


def test_a_kept_card_says_what_it_absorbed_and_the_merge_is_undone(server, open_context, check_page):
    links, feeder = table_in_inbreng(server, open_context)
    phone = RecordingClient(server.url, join_as_phone(links), table_id=links["id"], role="phone").connect()
    ids = [phone.emit("submit_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": text})["argument_id"]
           for text in ("Meer bankjes in het park", "Bankjes in het park!", "Zitplekken in het park")]
    for source in ids[1:]:
        assert feeder.emit("merge_arguments", {"source_id": source, "target_id": ids[0]})["ok"]
    console = open_context(LAPTOP)
    console.goto(links["console"])
    kept = console.locator(f"[data-moderation-list] [data-argument-id='{ids[0]}']")
    expect(kept.locator("summary")).to_have_text("samengevoegd met 2 andere argumenten")
    kept.locator("summary").click()
    expect(kept.locator(".absorbed li")).to_have_text([f"#{ids[1]} Bankjes in het park!", f"#{ids[2]} Zitplekken in het park"])
    check_page(console, "console-merged-card")
    viewport_shot(console, f"[data-moderation-list] [data-argument-id='{ids[0]}']", "console-merged-card-1280x800")
    absorbed = console.locator(f"[data-moderation-list] [data-argument-id='{ids[1]}']")
    absorbed.get_by_role("button", name="Samenvoegen ongedaan maken").focus()
    console.keyboard.press("Enter")
    expect(kept.locator("summary")).to_have_text("samengevoegd met 1 ander argument")
    expect(absorbed.get_by_role("button", name="Verbergen")).to_be_visible()
    phone.disconnect()
