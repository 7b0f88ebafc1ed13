// The round's own frame at a table, as data: shown in Kaders once the organiser saved it,
// with this table's budget.
import assert from "node:assert/strict";
import { test } from "node:test";

import { roundFrameView } from "../../static/js/round_frame_view.js";
import { eurosFormatter } from "../../static/js/table_state.js";

const euros = eurosFormatter("nl");
const strings = {
  roundFrame: {
    rules: { mes: "Gelijke delen", greedy: "Meeste steun eerst", phragmen: "Phragmén" },
    combinations: { separate: "Elke tafel apart", table_budgets: "Tafelbudgetten", plenary: "Gezamenlijke stemming" },
    share: "%(share)s van het rondebudget van %(budget)s",
    whole: "Het hele rondebudget: %(budget)s",
  },
};

function state(frame, { phase = "kaders", budget = 500000 } = {}) {
  return { phase, round: { budget_cents: budget, round_budget_cents: 1250000, frame } };
}

const saved = { goals: "Groener", conditions: "", rule: "greedy", combination: "table_budgets", recorded: true };

test("under table budgets a table sees its share of the round budget", () => {
  const view = roundFrameView(state(saved), strings, euros);
  assert.equal(view.visible, true);
  assert.equal(view.fields.rule, "Meeste steun eerst");
  assert.equal(view.fields.combination, "Tafelbudgetten");
  assert.equal(view.fields.budget.replace(/\u00a0/g, " "), "€ 5.000 van het rondebudget van € 12.500");
  assert.equal(view.fields.conditions, "");
});

test("each table on its own decides on the whole round budget", () => {
  const view = roundFrameView(state({ ...saved, combination: "separate" }, { budget: 1250000 }), strings, euros);
  assert.equal(view.fields.budget.replace(/\u00a0/g, " "), "Het hele rondebudget: € 12.500");
});

test("the card shows only in Kaders, and only once the organiser saved the frame", () => {
  assert.equal(roundFrameView(state(saved, { phase: "inbreng" }), strings, euros).visible, false);
  assert.equal(roundFrameView(state({ ...saved, recorded: false }), strings, euros).visible, false);
  assert.equal(roundFrameView({ phase: "kaders", round: {} }, strings, euros).visible, false);
});

test("round_changed gives the table its new round, and the card follows it", async () => {
  const { receive } = await import("../../static/js/table_state.js");
  const before = { ...state({ ...saved, combination: "separate" }, { budget: 1250000 }), table_id: 1, seq: 4 };
  const round = { budget_cents: 300000, round_budget_cents: 1250000, frame: saved };
  const result = receive(before, "round_changed", { table_id: 1, seq: 5, round });
  assert.equal(result.outcome, "applied");
  assert.equal(result.state.round.budget_cents, 300000);
  assert.equal(roundFrameView(result.state, strings, euros).fields.budget.replace(/\u00a0/g, " "),
    "€ 3.000 van het rondebudget van € 12.500");
});
