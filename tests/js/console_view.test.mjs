// The console's panels and the phase: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { followsPhase, panelForPhase, tabAfterKey } from "../../static/js/console_view.js";

test("each phase puts its own tools in front; Inbreng and Afwegen share the arguments", () => {
  assert.deepEqual(["welkom", "kaders", "inbreng", "ordenen", "afwegen", "verdelen", "besluiten", "afgerond"].map(panelForPhase),
    ["welkom", "kaders", "arguments", "ordenen", "arguments", "verdelen", "besluiten", "afgerond"]);
  assert.equal(panelForPhase("unknown"), "welkom");
});

test("the console follows the phase unless the facilitator is typing in a panel opened by hand", () => {
  assert.equal(followsPhase({ shown: null, chosenByHand: false, typingInShown: false }), true);
  assert.equal(followsPhase({ shown: "kaders", chosenByHand: false, typingInShown: true }), true);
  assert.equal(followsPhase({ shown: "kaders", chosenByHand: true, typingInShown: false }), true);
  assert.equal(followsPhase({ shown: "kaders", chosenByHand: true, typingInShown: true }), false);
});

test("arrow keys move between the tabs that are there, wrapping; Home and End go to the ends", () => {
  const tabs = ["welkom", "kaders", "arguments"];
  assert.equal(tabAfterKey("ArrowRight", "welkom", tabs), "kaders");
  assert.equal(tabAfterKey("ArrowRight", "arguments", tabs), "welkom");
  assert.equal(tabAfterKey("ArrowLeft", "welkom", tabs), "arguments");
  assert.equal(tabAfterKey("Home", "arguments", tabs), "welkom");
  assert.equal(tabAfterKey("End", "welkom", tabs), "arguments");
  assert.equal(tabAfterKey("Enter", "welkom", tabs), null);
  assert.equal(tabAfterKey("ArrowRight", "x", []), null);
});
