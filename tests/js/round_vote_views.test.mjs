// The plenary vote as the phone and the round wall see it: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { newerVote, phoneRoundView, tallyRows, turnoutPercent } from "../../static/js/round_vote_views.js";

const vote = (extra = {}) => ({
  round_id: 1, version: 3, state: "open", open: true, ballot_form: "kiezen",
  options: [{ id: 7, title: "Speelplaats", cost_cents: 1200000 }, { id: 8, title: "Bomen", cost_cents: 300000 },
    { id: 9, title: "Bankjes", cost_cents: 200000 }],
  tally: { 7: 4, 8: 9, 9: 4 }, turnout: { voters: 10, on_paper: 1, participants: 12 }, ...extra,
});

test("an older version arriving late is not taken, and a broadcast keeps whether this person voted", () => {
  const mine = newerVote(null, vote({ you_voted: true }));
  assert.equal(newerVote(mine, vote({ version: 2 })), mine);
  const next = newerVote(mine, vote({ version: 4 }));
  assert.equal(next.version, 4);
  assert.equal(next.you_voted, true);
  assert.equal(newerVote(null, vote()).you_voted, false);
  assert.equal(newerVote(mine, { nothing: 1 }), mine);
});

test("the phone shows the ballot while open and not voted, then that it voted, or that voting closed", () => {
  assert.deepEqual(phoneRoundView(null), { shown: false });
  assert.deepEqual(phoneRoundView(vote({ state: "building", open: false })), { shown: false });
  assert.equal(phoneRoundView(vote({ you_voted: false })).mode, "ballot");
  assert.equal(phoneRoundView(vote({ you_voted: true })).mode, "voted");
  assert.equal(phoneRoundView(vote({ state: "closed", open: false, you_voted: false })).mode, "closed");
});

test("turnout is a whole share of the participants, never above all of them", () => {
  assert.equal(turnoutPercent({ voters: 10, participants: 12 }), 83);
  assert.equal(turnoutPercent({ voters: 0, participants: 0 }), 0);
  assert.equal(turnoutPercent({ voters: 5, participants: 4 }), 100);
});

test("the wall lists most support first, ties in the ballot's order, and marks what is funded", () => {
  const rows = tallyRows(vote());
  assert.deepEqual(rows.map((r) => [r.id, r.support, r.share]), [[8, 9, 100], [7, 4, 44], [9, 4, 44]]);
  assert.ok(rows.every((r) => !r.funded));
  const closed = tallyRows(vote({ state: "closed", funded: [8, 9] }));
  assert.deepEqual(closed.filter((r) => r.funded).map((r) => r.id), [8, 9]);
  const decided = tallyRows(vote({ state: "closed", funded: [8, 9], decision: { funded: [7] } }));
  assert.deepEqual(decided.filter((r) => r.funded).map((r) => r.id), [7]);
});
