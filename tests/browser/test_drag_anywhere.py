"""Ordenen by dragging anywhere: an argument dragged into a group that starts off-screen,
with a mouse held near the window's edge (SortableJS's AutoScroll scrolls the page) and with
a finger on a touch tablet (touch events through the Chrome DevTools Protocol, as
Playwright has no touch drag). Each time the server stores the move."""
import re
import time
import uuid

from playwright.sync_api import expect

from tests.support.clients import RecordingClient
from tests.support.dutch_arguments import THEMES
from tests.support.web import Organiser, open_link

from .conftest import LAPTOP

TABLET_TOUCH = {"viewport": {"width": 1024, "height": 768}, "has_touch": True, "is_mobile": False}
TEXTS = [text for texts in THEMES.values() for text in texts]
GROUPS = 12  # of two arguments each: the last ones start below the first screen


def board_with_groups_off_screen(server):
    organiser = Organiser(server.url).set_up(server.setup_link())
    table = organiser.create_table(organiser.create_round())
    feeder = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    feeder.wait_for("snapshot")
    assert feeder.emit("set_phase", {"phase": "inbreng"})["ok"]
    ids = [feeder.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": ("voor", "tegen", "idee")[n % 3],
                                            "text": text})["argument_id"] for n, text in enumerate(TEXTS)]
    assert feeder.emit("set_phase", {"phase": "ordenen"})["ok"]
    clusters = [feeder.emit("create_cluster", {"name": f"Thema {n + 1}", "argument_ids": ids[2 * n:2 * n + 2]})["cluster_id"]
                for n in range(GROUPS)]
    return table, feeder, ids, clusters


def open_board(page, table):
    page.goto(table["console"])
    board = page.locator("[data-grouping]")
    expect(board.locator("[data-ungrouped-count]")).to_have_text(str(len(TEXTS) - 2 * GROUPS))
    expect(board.locator(".group-cards .group-card")).to_have_count(GROUPS)
    return board


def below_the_screen(page, locator):
    return locator.bounding_box()["y"] > page.viewport_size["height"]


def hold_until(page, done, hold, failure, *, deadline_s=20):
    """Keep the drag pressed until `done()` gives something, moving the pointer a pixel now
    and then (`hold(n)`) as a resting hand or finger does. SortableJS acts on a drag's moves
    on its own timers: it checks for auto-scroll at most once in 30 ms and drops the moves in
    between, and moves the argument into the list under the pointer every 50 ms. On a busy
    machine a quick drag's last moves can fall between them, so the test waits for what the
    user sees, not for a time."""
    deadline = time.monotonic() + deadline_s
    n = 0
    while not (result := done()):
        assert time.monotonic() < deadline, failure()
        n += 1
        hold(n)
        page.wait_for_timeout(50)  # a polling interval of the deadline loop, not the condition
    return result


def wait_until_in_view(page, locator, hold):
    """Held near the edge, the drag scrolls until `locator` is wholly on the screen."""
    def in_view():
        box = locator.bounding_box()
        return box if box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"] - 10 else None

    return hold_until(page, in_view, hold,
                      lambda: f"the page did not scroll to the group while dragging: {locator.bounding_box()}")


WHERE_IS = """id => ({
  lists: [...document.querySelectorAll(`.group-item[data-argument-id="${id}"]`)].map(
    el => [el.closest("[data-list]")?.dataset.list, el.className]),
  ghost: !!document.querySelector(".sortable-fallback"), scrollY: window.scrollY,
  connected: document.body.dataset.connected })"""


def centre(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def off_the_middle(locator, n):
    """A point on what `locator` shows now, a quarter of its height above or below its middle.
    SortableJS decides on which side of an argument in another group the dragged one goes by
    the pointer's half of it; on the exact middle line it is neither, and nothing moves. A
    hand never rests there, but a test that aims for the centre does."""
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2 + n % 2, box["y"] + box["height"] * (0.25 if n // 2 % 2 else 0.75)


def wait_until_over(page, group, argument_id, move):
    """Held over the group (where it is now: the page may have scrolled on), the dragged
    argument moves into it: then it may be let go. The pointer rests on the group's last
    argument and, as a hand does when nothing happens, moves to its first now and then. On a
    busy machine the drag's way in can be sampled too seldom to move the argument on: it was
    seen left in the group crossed on the way."""
    dragged = group.locator(f".group-item[data-argument-id='{argument_id}']")
    items = group.locator(".group-list .group-item")
    hold_until(page, lambda: dragged.count() == 1,
               lambda n: move(*off_the_middle(items.last if n // 5 % 2 == 0 else items.first, n)),
               lambda: f"the argument did not come into the group: {page.evaluate(WHERE_IS, argument_id)}")


def stored_in(feeder, argument_id, cluster_id, deadline_s=10):
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        clusters = feeder.emit("request_snapshot")["snapshot"]["clusters"]
        if argument_id in next(c for c in clusters if c["id"] == cluster_id)["argument_ids"]:
            return True
    return False


def test_a_mouse_drag_held_at_the_edge_reaches_a_group_off_screen(server, open_context):
    table, feeder, ids, clusters = board_with_groups_off_screen(server)
    page = open_context(LAPTOP)
    board = open_board(page, table)
    target = board.locator(".group-cards .group-card").last
    assert below_the_screen(page, target), "the last group should start off-screen"
    item = board.locator("[data-list=none] .group-item").first
    argument_id = int(item.get_attribute("data-argument-id"))
    scrolled_before = page.evaluate("window.scrollY")

    start = item.locator("label").bounding_box()
    x, y = start["x"] + 20, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y + 10, steps=5)
    bottom = page.viewport_size["height"] - 8
    page.mouse.move(x + 300, bottom, steps=25)  # held near the bottom edge
    wait_until_in_view(page, target.locator(".group-list"), lambda n: page.mouse.move(x + 300 + n % 2, bottom))
    page.mouse.move(*centre(target.locator(".group-list")), steps=15)
    wait_until_over(page, target, argument_id, page.mouse.move)
    page.mouse.up()

    assert page.evaluate("window.scrollY") > scrolled_before
    expect(target.locator("h3")).to_have_text(f"Thema {GROUPS} (3)")
    assert stored_in(feeder, argument_id, clusters[-1]), "the server did not store the move"


def test_a_finger_drags_an_argument_to_a_group_off_screen_on_a_tablet(server, open_context):
    table, feeder, ids, clusters = board_with_groups_off_screen(server)
    page = open_context(TABLET_TOUCH)
    board = open_board(page, table)
    target = board.locator(".group-cards .group-card").last
    assert below_the_screen(page, target), "the last group should start off-screen"
    item = board.locator("[data-list=none] .group-item").first
    argument_id = int(item.get_attribute("data-argument-id"))
    scrolled_before = page.evaluate("window.scrollY")
    cdp = page.context.new_cdp_session(page)

    def touch(kind, x=None, y=None):
        points = [] if kind == "touchEnd" else [{"x": x, "y": y, "radiusX": 4, "radiusY": 4, "force": 1, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    start = item.locator("label").bounding_box()
    x, y = start["x"] + 20, start["y"] + start["height"] / 2
    touch("touchStart", x, y)
    # The finger rests until SortableJS picks the argument up (its touch delay, a timer that a
    # busy machine may fire late): a finger that moves before that swipes and scrolls instead.
    expect(item).to_have_class(re.compile(r"\bsortable-chosen\b"), timeout=15000)
    bottom = page.viewport_size["height"] - 8
    for n in range(1, 26):
        touch("touchMove", x + 12 * n, y + (bottom - y) * n / 25)
    wait_until_in_view(page, target.locator(".group-list"), lambda n: touch("touchMove", x + 300 + n % 2, bottom))
    cx, cy = centre(target.locator(".group-list"))
    here_x, here_y = x + 300, bottom
    for n in range(1, 16):
        touch("touchMove", here_x + (cx - here_x) * n / 15, here_y + (cy - here_y) * n / 15)
    wait_until_over(page, target, argument_id, lambda at_x, at_y: touch("touchMove", at_x, at_y))
    touch("touchEnd")

    assert page.evaluate("window.scrollY") > scrolled_before
    expect(target.locator("h3")).to_have_text(f"Thema {GROUPS} (3)")
    assert stored_in(feeder, argument_id, clusters[-1]), "the server did not store the move"
