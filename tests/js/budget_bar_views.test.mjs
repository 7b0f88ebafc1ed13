// Which budget bar the console and the phone show in each phase, as data.
import assert from "node:assert/strict";
import { test } from "node:test";

import { consoleBudgetBar, decisionBar, optionNumbers, proposalBar } from "../../static/js/budget_bar_views.js";

function table(phase, extra = {}) {
  return {
    phase,
    round: { budget_cents: 1000000 },
    options: [{ id: 11, title: "Speeltuin", cost_cents: 800000 }, { id: 12, title: "Bomen", cost_cents: 300000 },
      { id: 13, title: "Bankjes", cost_cents: 100000 }],
    frame: { rule: "mes" },
    ballots: null,
    consensus: { latest: null, decision: null },
    ...extra,
  };
}

test("Ordenen and Afwegen show all options against the budget, over it when they cost more", () => {
  for (const phase of ["ordenen", "afwegen"]) {
    const view = consoleBudgetBar(table(phase));
    assert.equal(view.kind, "options");
    assert.deepEqual(view.bar.segments.map((s) => s.number), [1, 2, 3]);
    assert.equal(view.bar.over_cents, 200000);
  }
  assert.equal(consoleBudgetBar(table("ordenen", { options: [] })), null);
});

test("Verdelen shows the chosen rule's allocation only once voting is closed", () => {
  assert.equal(consoleBudgetBar(table("verdelen", { ballots: { open: true, results: null } })), null);
  const results = { mes: { funded: [13, 12] }, greedy: { funded: [11] } };
  const view = consoleBudgetBar(table("verdelen", { ballots: { open: false, results } }));
  assert.deepEqual([view.kind, view.rule], ["rule", "mes"]);
  // In the options' order, with the numbers they have in the options' bar.
  assert.deepEqual(view.bar.segments.map((s) => [s.number, s.cents]), [[2, 300000], [3, 100000]]);
  assert.equal(view.bar.left_cents, 600000);
});

test("Besluiten shows the latest proposal; the decision has its own bar", () => {
  assert.equal(consoleBudgetBar(table("besluiten")), null);
  assert.equal(proposalBar(table("besluiten")), null);
  const consensus = { latest: { number: 2, option_ids: [13, 11] }, decision: { option_ids: [12] } };
  const view = consoleBudgetBar(table("besluiten", { consensus }));
  assert.deepEqual([view.kind, view.number], ["proposal", 2]);
  assert.deepEqual(view.bar.segments.map((s) => s.label), ["Speeltuin", "Bankjes"]);
  assert.equal(view.bar.total_cents, 900000);
  assert.deepEqual(decisionBar(table("afgerond", { consensus })).segments.map((s) => [s.number, s.x]), [[2, 0]]);
  assert.equal(consoleBudgetBar(table("afgerond", { consensus })), null);
});

test("an option's number is its place among the table's options", () => {
  assert.deepEqual([...optionNumbers(table("besluiten"))], [[11, 1], [12, 2], [13, 3]]);
});
