// The budget bar's geometry, held to the same answers as sessions/views.py's budget_bar.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { budgetBar } from "../../static/js/budget_bar.js";

const cases = JSON.parse(readFileSync(new URL("../fixtures/budget_bars.json", import.meta.url)));

function close(actual, expected) {
  for (const key of ["x", "width", "budget_x"]) {
    if (key in expected) assert.ok(Math.abs(actual[key] - expected[key]) < 1e-9, `${key}: ${actual[key]} ≠ ${expected[key]}`);
  }
}

test("the geometry agrees with the server's for every shared case", () => {
  for (const { budget_cents: budget, segments, expected } of cases) {
    const bar = budgetBar(budget, segments);
    assert.deepEqual({ ...bar, budget_x: 0, segments: [] }, { ...expected, budget_x: 0, segments: [] });
    close(bar, expected);
    assert.equal(bar.segments.length, expected.segments.length);
    bar.segments.forEach((segment, i) => {
      assert.deepEqual({ ...segment, x: 0, width: 0 }, { ...expected.segments[i], x: 0, width: 0 });
      close(segment, expected.segments[i]);
    });
  }
});

test("segments are as wide as their cost, within a pixel on a 1920-pixel wall", () => {
  const costs = [1234500, 80000, 999900, 45000, 310000, 5000, 725000, 150000, 62000, 410000, 98000, 1500000];
  const bar = budgetBar(5000000, costs.map((cents, i) => ({ label: `Optie ${i + 1}`, cents })));
  const scale = Math.max(5000000, costs.reduce((a, b) => a + b, 0));
  bar.segments.forEach((segment, i) => {
    assert.ok(Math.abs(segment.width * 1920 - (costs[i] / scale) * 1920) < 1);
    if (i > 0) assert.ok(Math.abs(segment.x - (bar.segments[i - 1].x + bar.segments[i - 1].width)) < 1e-12);
  });
  assert.equal(bar.over_cents, costs.reduce((a, b) => a + b, 0) - 5000000);
});

test("what is left shows under budget, how far over when over", () => {
  assert.equal(budgetBar(1000, [{ label: "a", cents: 400 }]).left_cents, 600);
  const over = budgetBar(1000, [{ label: "a", cents: 1400 }]);
  assert.equal(over.over_cents, 400);
  assert.equal(over.left_cents, 0);
  assert.ok(Math.abs(over.budget_x - 1000 / 1400) < 1e-12);
});
