// What the phone derives from the table's state: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  argumentsByOption, chosenView, decisionView, isLong, pointsView, reasonView,
} from "../../static/js/phone_views.js";

const options = [
  { id: 10, cluster_id: 1, title: "Speeltuin", cost_cents: 800000 },
  { id: 11, cluster_id: 2, title: "Bomen", cost_cents: 300000 },
  { id: 12, cluster_id: 3, title: "Bankjes", cost_cents: 200000 },
];

test("arguments are grouped under their option, in the options' order; the rest comes last", () => {
  const clusters = [
    { id: 2, argument_ids: [3, 4] }, { id: 1, argument_ids: [1] }, { id: 3, argument_ids: [] },
    { id: 9, argument_ids: [5] }, // a group that is no option
  ];
  const shown = [1, 2, 3, 4, 5].map((id) => ({ id }));
  const { groups, rest } = argumentsByOption(options, clusters, shown);
  assert.deepEqual(groups.map((g) => [g.option.title, g.arguments.map((a) => a.id)]),
    [["Speeltuin", [1]], ["Bomen", [3, 4]], ["Bankjes", []]]);
  assert.deepEqual(rest.map((a) => a.id), [2, 5]);
});

test("only the arguments the page shows are grouped (an own or hidden one stays out)", () => {
  const { groups, rest } = argumentsByOption(options, [{ id: 1, argument_ids: [1, 2] }], [{ id: 2 }]);
  assert.deepEqual(groups[0].arguments, [{ id: 2 }]);
  assert.deepEqual(rest, []);
});

test("kiezen: the chosen options' sum, and which others still fit the budget", () => {
  const view = chosenView(options, [10, 11], 1250000);
  assert.equal(view.spentCents, 1100000);
  assert.equal(view.leftCents, 150000);
  assert.equal(view.fits.get(10), true);
  assert.equal(view.fits.get(12), false); // € 2.000 no longer fits in € 1.500
  assert.equal(chosenView(options, [11], 1250000).fits.get(12), true);
});

test("the points ballot never shows a negative number left: it says how many too many", () => {
  assert.deepEqual(pointsView(100, { 10: 70, 11: 40 }), { used: 110, left: 0, over: 10, sendable: false });
  assert.deepEqual(pointsView(100, { 10: 70, 11: 30 }), { used: 100, left: 0, over: 0, sendable: true });
  assert.deepEqual(pointsView(100, {}), { used: 0, left: 100, over: 0, sendable: true });
  assert.equal(pointsView(100, { 10: Number.NaN, 11: 20 }).left, 80);
});

test("the reason field shows for every answer but full agreement; an objection needs one", () => {
  assert.deepEqual(reasonView(null, ""), { shown: false, required: false, missing: false });
  assert.deepEqual(reasonView(1, ""), { shown: false, required: false, missing: false });
  assert.deepEqual(reasonView(2, ""), { shown: true, required: false, missing: false });
  assert.deepEqual(reasonView(5, "  "), { shown: true, required: true, missing: true });
  assert.equal(reasonView(5, "Te duur").missing, false);
});

test("long descriptions are folded on the ballot", () => {
  assert.equal(isLong("Kort"), false);
  assert.equal(isLong("x".repeat(161)), true);
  assert.equal(isLong(null), false);
});

test("the decision lists the funded options with their costs and what is left of the budget", () => {
  const state = {
    options, round: { budget_cents: 1250000 }, closed: false,
    consensus: { decision: { outcome: "consent_with_reservations", computed_outcome: "consent_with_reservations",
      override_reason: null, option_ids: [11, 12], total_cost_cents: 500000 } },
  };
  const view = decisionView(state);
  assert.deepEqual(view.funded, [{ id: 11, title: "Bomen", cost_cents: 300000 },
    { id: 12, title: "Bankjes", cost_cents: 200000 }]);
  assert.equal(view.leftCents, 750000);
  assert.equal(view.overridden, false);
  assert.equal(view.final, false);
  assert.equal(decisionView({ ...state, closed: true }).final, true);
  assert.equal(decisionView({ ...state, consensus: { decision: null } }), null);
});

test("an option removed after the decision is still named by its number", () => {
  const state = { options: [], round: { budget_cents: 100 }, closed: true,
    consensus: { decision: { outcome: "consensus", computed_outcome: "no_consensus", override_reason: "Besproken",
      option_ids: [4], total_cost_cents: 100 } } };
  const view = decisionView(state);
  assert.deepEqual(view.funded, [{ id: 4, title: "#4", cost_cents: null }]);
  assert.equal(view.overridden, true);
  assert.equal(view.leftCents, 0);
});
