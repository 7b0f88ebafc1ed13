// What the wall shows in the deciding phases, as data.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  chosenBar, closingSummary, gridColumns, minutesSections, optionsBar, pageHeadings, ruleBars, signalRows, wallGroups,
} from "../../static/js/wall_views.js";

const strings = { notGrouped: "Niet gegroepeerd", unnamedGroup: "Groep %(number)s" };

function table() {
  return {
    round: { budget_cents: 1000000 },
    options: [{ id: 11, cluster_id: 1, title: "Speeltuin", cost_cents: 600000 },
      { id: 12, cluster_id: 2, title: "Bomen", cost_cents: 300000 }],
    clusters: [{ id: 1, number: 1, name: "Spelen", argument_ids: [1, 2] }, { id: 2, number: 2, name: "", argument_ids: [3] },
      { id: 3, number: 3, name: "", argument_ids: [] }],
    arguments: [
      { id: 1, stance: "voor", visible: true, pinned: false, reactions: { agree: 1, disagree: 0 } },
      { id: 2, stance: "tegen", visible: true, pinned: false, reactions: { agree: 4, disagree: 2 } },
      { id: 3, stance: "idee", visible: true, pinned: false, reactions: { agree: 0, disagree: 1 } },
      { id: 4, stance: "voor", visible: true, pinned: true, reactions: { agree: 0, disagree: 0 } },
    ],
    frame: { rule: "greedy" },
    ballots: { results: { mes: { funded: [12] }, greedy: { funded: [11, 12] } } },
    participant_count: 9,
    consensus: { rounds: 2, decision: { outcome: "consensus", option_ids: [12], total_cost_cents: 300000, round_number: 2 },
      latest: { number: 2, tally: { 1: 3, 2: 1, 3: 0, 4: 0, 5: 1 }, objections: ["Te duur"] } },
  };
}

test("each group counts its stances and reactions, the most agreed argument first, ungrouped last", () => {
  const groups = wallGroups(table(), strings);
  assert.deepEqual(groups.map((g) => g.title), ["Speeltuin", "Bomen", "Groep 3", "Niet gegroepeerd"]);
  assert.deepEqual(groups[0].counts, { voor: 1, tegen: 1, idee: 0 });
  assert.deepEqual(groups[0].reactions, { agree: 5, disagree: 2 });
  assert.deepEqual(groups[0].arguments.map((a) => a.id), [2, 1]);
  assert.equal(groups[0].number, 1);
  assert.equal(groups[1].costCents, 300000);
  assert.equal(groups[2].number, null);
  assert.ok(groups[3].rest);
  assert.deepEqual(groups[3].arguments.map((a) => a.id), [4]);
});

test("the options' bar and a chosen set's bar number their segments in the options' order", () => {
  assert.deepEqual(optionsBar(table()).segments.map((s) => [s.number, s.label]), [[1, "Speeltuin"], [2, "Bomen"]]);
  assert.equal(optionsBar(table()).left_cents, 100000);
  assert.deepEqual(chosenBar(table(), [12, 99]).segments.map((s) => [s.number, s.label]), [[2, "Bomen"]]);
  assert.deepEqual(chosenBar(table(), [12, 11]).segments.map((s) => s.number), [1, 2]);
});

test("the table's chosen rule comes first and is marked", () => {
  const bars = ruleBars(table());
  assert.deepEqual(bars.map((b) => [b.rule, b.chosen]), [["greedy", true], ["mes", false]]);
  assert.equal(bars[0].bar.total_cents, 900000);
  assert.deepEqual(ruleBars({ ...table(), ballots: { results: null } }), []);
});

test("the grid stays wider than tall, at most four columns", () => {
  assert.deepEqual([1, 3, 4, 6, 9, 13, 20].map(gridColumns), [1, 3, 3, 4, 4, 4, 4]);
});

test("the five answers as fractions of the most given", () => {
  assert.deepEqual(signalRows(table().consensus).map((r) => r.fraction), [1, 1 / 3, 0, 0, 1 / 3]);
});

test("the closing summary carries the decision, its bar, the objections and the counts", () => {
  const summary = closingSummary(table());
  assert.equal(summary.bar.total_cents, 300000);
  assert.deepEqual(summary.objections, ["Te duur"]);
  assert.equal(summary.arguments, 4);
  assert.equal(summary.participants, 9);
  assert.equal(summary.rounds, 2);
});

test("the minutes fall into sections at their second-level headings", () => {
  const sections = minutesSections([
    { kind: "heading", level: 1, text: "Verslag" }, { kind: "draft", text: "Concept" },
    { kind: "heading", level: 2, text: "Argumenten" }, { kind: "list", items: ["a"] },
    { kind: "heading", level: 3, text: "Voor" }, { kind: "heading", level: 2, text: "Besluit" },
  ]);
  assert.deepEqual(sections.map((s) => [s.title, s.blocks.length]), [["Verslag", 1], ["Argumenten", 2], ["Besluit", 0]]);
});

test("a page's headings start under the wall's h2 and never skip a level", () => {
  const levels = pageHeadings([{ kind: "heading", level: 4, text: "a" }, { kind: "paragraph", text: "p" },
    { kind: "heading", level: 3, text: "b" }, { kind: "heading", level: 5, text: "c" }])
    .filter((b) => b.kind === "heading").map((b) => b.level);
  assert.deepEqual(levels, [3, 3, 4]);
});
