// The plenary vote as the phone and the round wall see it: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  WALL_ROWS, newerVote, phoneRoundView, supportText, tallyRows, turnoutPercent, wallRows,
} from "../../static/js/round_vote_views.js";

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

test("the wall shows what fits from 8 m and says how many more there are", () => {
  const many = vote({ options: Array.from({ length: 40 }, (_, i) => ({ id: i + 1, title: `Optie ${i + 1}`, cost_cents: 100 })),
    tally: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(i + 1), i])) });
  const { shown, more } = wallRows(many);
  assert.equal(shown.length, WALL_ROWS);
  assert.equal(more, 40 - WALL_ROWS);
  assert.equal(shown[0].id, 40); // most support first
  assert.deepEqual(wallRows(vote()).more, 0);
});

test("one vote or point is singular, more are plural", () => {
  const strings = { roundVote: "%(count)s stem", roundVotes: "%(count)s stemmen", roundPoint: "%(count)s punt",
    roundPoints: "%(count)s punten" };
  assert.equal(supportText(1, "kiezen", strings), "1 stem");
  assert.equal(supportText(0, "kiezen", strings), "0 stemmen");
  assert.equal(supportText(1, "verdelen", strings), "1 punt");
  assert.equal(supportText(250, "verdelen", strings), "250 punten");
});
