// The console's filters for long lists: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  NO_FILTER, filterArguments, groupedIds, isFiltering, matchesArgument, searchable,
} from "../../static/js/argument_filter.js";

const ARGUMENTS = [
  { id: 1, stance: "voor", text: "Meer bomen in de Meeuwstraat" },
  { id: 2, stance: "tegen", text: "Bomen geven overlast van bladeren" },
  { id: 3, stance: "idee", text: "Een café-terras op het plein" },
  { id: 12, stance: "voor", text: "Ideeën voor de speeltuin" },
];
const ids = (list) => list.map((a) => a.id);

test("no filter shows every argument, in the order given", () => {
  assert.deepEqual(ids(filterArguments(ARGUMENTS)), [1, 2, 3, 12]);
  assert.equal(isFiltering(NO_FILTER), false);
});

test("a stance shows only arguments of that stance", () => {
  assert.deepEqual(ids(filterArguments(ARGUMENTS, { ...NO_FILTER, stance: "voor" })), [1, 12]);
  assert.deepEqual(ids(filterArguments(ARGUMENTS, { ...NO_FILTER, stance: "idee" })), [3]);
});

test("search ignores case and accents, and every word typed must occur", () => {
  assert.deepEqual(ids(filterArguments(ARGUMENTS, { ...NO_FILTER, text: "BOMEN" })), [1, 2]);
  assert.deepEqual(ids(filterArguments(ARGUMENTS, { ...NO_FILTER, text: "cafe" })), [3]);
  assert.deepEqual(ids(filterArguments(ARGUMENTS, { ...NO_FILTER, text: "ideeen" })), [12]);
  assert.deepEqual(ids(filterArguments(ARGUMENTS, { ...NO_FILTER, text: "  bomen   meeuw " })), [1]);
  assert.deepEqual(ids(filterArguments(ARGUMENTS, { ...NO_FILTER, text: "bomen plein" })), []);
  assert.equal(isFiltering({ ...NO_FILTER, text: "   " }), false);
});

test("search finds an argument by its number, as the console shows it", () => {
  assert.deepEqual(ids(filterArguments(ARGUMENTS, { ...NO_FILTER, text: "#12" })), [12]);
});

test("only ungrouped leaves out the arguments already in a group", () => {
  const grouped = groupedIds([{ id: 5, argument_ids: [1, 3] }, { id: 6, argument_ids: [] }]);
  assert.deepEqual([...grouped].sort(), [1, 3]);
  const filter = { ...NO_FILTER, ungroupedOnly: true };
  assert.deepEqual(ids(filterArguments(ARGUMENTS, filter, grouped)), [2, 12]);
  assert.equal(isFiltering(filter), true);
  // Combined with a stance and a word.
  assert.deepEqual(ids(filterArguments(ARGUMENTS, { stance: "voor", text: "speel", ungroupedOnly: true }, grouped)), [12]);
  assert.equal(matchesArgument(ARGUMENTS[0], filter, grouped), false);
});

test("two hundred arguments are filtered without touching the input", () => {
  const many = Array.from({ length: 200 }, (_, n) => ({ id: n + 1, stance: ["voor", "tegen", "idee"][n % 3],
    text: `Argument ${n + 1} over ${n % 2 ? "bankjes" : "bomen"}` }));
  const copy = structuredClone(many);
  const found = filterArguments(many, { stance: "tegen", text: "bankjes", ungroupedOnly: false });
  assert.equal(found.length, 34); // n = 1, 7, 13, … 199
  assert.ok(found.every((a) => a.stance === "tegen" && a.text.includes("bankjes")));
  assert.deepEqual(many, copy);
  assert.equal(groupedIds(undefined).size, 0);
  assert.equal(searchable(null), "");
});
