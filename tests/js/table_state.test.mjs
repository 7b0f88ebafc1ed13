// The table's live state as pure functions: run with `node --test tests/js/` (make test does).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  OWN, amountFormatter, eurosFormatter, format, formatCount, groupName, phaseRules, receive, receivePresence, timerView,
} from "../../static/js/table_state.js";

function snapshot(overrides = {}) {
  return {
    table_id: 7, seq: 3, role: "phone", phase: "inbreng", phases: ["welkom", "inbreng"],
    phase_rules: { welkom: { collects_arguments: false }, inbreng: { collects_arguments: true } },
    participant_count: 2, participants: null,
    arguments: [{ id: 1, text: "Meer bankjes", visible: true, reactions: { agree: 0 } }],
    me: { reactions: {}, ballot: null },
    ...overrides,
  };
}

test("the next event applies and advances seq, leaving the old state untouched", () => {
  const before = snapshot();
  const { outcome, state } = receive(before, "argument_added",
    { table_id: 7, seq: 4, argument: { id: 2, text: "Speeltuin", visible: true } });
  assert.equal(outcome, "applied");
  assert.equal(state.seq, 4);
  assert.deepEqual(state.arguments.map((a) => a.id), [1, 2]);
  assert.equal(before.arguments.length, 1);
  assert.equal(before.seq, 3);
});

test("an event already had, or of another table, is ignored", () => {
  const state = snapshot();
  assert.equal(receive(state, "phase_changed", { table_id: 7, seq: 3, phase: "welkom" }).outcome, "ignored");
  assert.equal(receive(state, "phase_changed", { table_id: 8, seq: 4, phase: "welkom" }).outcome, "ignored");
  assert.equal(receive(null, "phase_changed", { table_id: 7, seq: 4, phase: "welkom" }).outcome, "ignored");
});

test("a gap asks for a snapshot instead of applying", () => {
  const result = receive(snapshot(), "phase_changed", { table_id: 7, seq: 5, phase: "welkom" });
  assert.equal(result.outcome, "resync");
  assert.equal(result.state.phase, "inbreng");
});

test("an argument that leaves the wall disappears for phones but stays on the console", () => {
  const event = { table_id: 7, seq: 4, argument: { id: 1, visible: false } };
  assert.deepEqual(receive(snapshot(), "argument_changed", event).state.arguments, []);
  const console = receive(snapshot({ role: "console" }), "argument_changed", event).state;
  assert.deepEqual(console.arguments, [{ id: 1, visible: false }]);
});

test("a repeated argument_added does not show the argument twice", () => {
  const event = { table_id: 7, seq: 4, argument: { id: 1, text: "Meer bankjes", visible: true } };
  assert.equal(receive(snapshot(), "argument_added", event).state.arguments.length, 1);
});

test("reactions change only their own argument", () => {
  const state = snapshot({ arguments: [{ id: 1, reactions: { agree: 0 } }, { id: 2, reactions: { agree: 1 } }] });
  const next = receive(state, "reaction_changed", { table_id: 7, seq: 4, argument_id: 2, reactions: { agree: 2 } }).state;
  assert.deepEqual(next.arguments.map((a) => a.reactions.agree), [0, 2]);
  assert.equal(state.arguments[1].reactions.agree, 1);
});

test("options carry their total cost", () => {
  const next = receive(snapshot(), "options_changed",
    { table_id: 7, seq: 4, options: [{ id: 1, cost_cents: 300000 }], total_cost_cents: 300000 }).state;
  assert.equal(next.total_cost_cents, 300000);
  assert.equal(next.options.length, 1);
});

test("presence replaces who is online, only for its own table", () => {
  const state = snapshot({ online: [1] });
  assert.deepEqual(receivePresence(state, { table_id: 7, online: [1, 2] }).online, [1, 2]);
  assert.equal(receivePresence(state, { table_id: 9, online: [] }), state);
});

test("a phone's own reaction and ballot, confirmed by the ack, land in `me`", () => {
  const reacted = OWN.reaction_saved(snapshot(), { argumentId: 1, value: "agree" });
  assert.deepEqual(reacted.me.reactions, { 1: "agree" });
  const voted = OWN.ballot_saved(reacted, { ballot: { approved: [3] } });
  assert.deepEqual(voted.me.ballot, { approved: [3] });
  assert.deepEqual(voted.me.reactions, { 1: "agree" });
});

test("the phase's rules come from the snapshot", () => {
  assert.equal(phaseRules(snapshot()).collects_arguments, true);
});

test("format fills named placeholders and groups are named by number when unnamed", () => {
  assert.equal(format("%(n)s van %(total)s", { n: 2, total: 8 }), "2 van 8");
  assert.equal(groupName({ name: "", number: 3 }, { unnamedGroup: "Groep %(number)s" }), "Groep 3");
  assert.equal(groupName({ name: "Groen", number: 3 }, { unnamedGroup: "Groep %(number)s" }), "Groen");
});

test("an amount with cents keeps its cents, and is written back into a field as it is read", () => {
  assert.equal(eurosFormatter("nl")(300050).replace(/\s/g, " "), "€ 3.000,50");
  assert.equal(eurosFormatter("en")(300050), "€3,000.50");
  assert.equal(amountFormatter("nl")(300000), "3.000");
  assert.equal(amountFormatter("nl")(1250), "12,50");
  assert.equal(amountFormatter("en")(300050), "3,000.50");
});

test("euros are written the Dutch way by default and the English way in English", () => {
  assert.equal(eurosFormatter("nl")(1250000).replace(/\s/g, " "), "€ 12.500");
  assert.equal(eurosFormatter("en")(1250000), "€12,500");
});

test("the timer counts down while running and names its state", () => {
  const timer = { running: true, remaining_ms: 65000, duration_s: 300 };
  assert.deepEqual(timerView(timer, 5000), { remainingMs: 60000, text: "01:00", key: "running" });
  assert.equal(timerView(timer, 70000).key, "done");
  assert.equal(timerView({ running: false, remaining_ms: 300000, duration_s: 300 }, 0).key, "ready");
  assert.equal(timerView({ running: false, remaining_ms: 10000, duration_s: 300 }, 0).key, "paused");
});

test("the wall's page of the draft minutes follows the facilitator", () => {
  const state = snapshot({ phase: "afgerond", wall_section: 0 });
  const result = receive(state, "wall_section_changed", { table_id: 7, seq: 4, wall_section: 2 });
  assert.equal(result.outcome, "applied");
  assert.equal(result.state.wall_section, 2);
  assert.equal(state.wall_section, 0);
});

test("a phase with a time of its own sets the timer, not started, in the same event", () => {
  const running = { running: true, remaining_ms: 40000, duration_s: 600 };
  const fresh = { running: false, remaining_ms: 900000, duration_s: 900 };
  const timed = receive(snapshot({ timer: running }), "phase_changed", { table_id: 7, seq: 4, phase: "welkom", timer: fresh });
  assert.deepEqual(timed.state.timer, fresh);
  assert.equal(timerView(timed.state.timer, 5000).key, "ready");
  // A phase without a time of its own leaves the timer as it was.
  const untimed = receive(snapshot({ timer: running }), "phase_changed", { table_id: 7, seq: 4, phase: "welkom" });
  assert.equal(untimed.state.timer, running);
});

test("the times per phase follow their event", () => {
  const { state } = receive(snapshot({ phase_timers: {} }), "phase_timers_changed",
    { table_id: 7, seq: 4, phase_timers: { inbreng: 900, afwegen: 600 } });
  assert.deepEqual(state.phase_timers, { inbreng: 900, afwegen: 600 });
});

test("a closed table's timer stands still and never reads as running", () => {
  const running = { running: true, remaining_ms: 40000, duration_s: 600 };
  const stopped = { running: false, remaining_ms: 39000, duration_s: 600 };
  const { state } = receive(snapshot({ timer: running, closed: false }), "table_closed",
    { table_id: 7, seq: 4, closed: true, timer: stopped });
  assert.equal(state.closed, true);
  assert.deepEqual(state.timer, stopped);
  assert.deepEqual(timerView(state.timer, 10000, { closed: true }), { remainingMs: 39000, text: "00:39", key: "closed" });
  // Even a timer that still says running (an older snapshot) stands still once closed.
  assert.equal(timerView(running, 10000, { closed: true }).remainingMs, 40000);
});

test("the join QR code on the wall is table state: shown and hidden by its event, kept in the snapshot", () => {
  const shown = receive(snapshot({ join_qr_shown: false }), "join_qr_changed", { table_id: 7, seq: 4, join_qr_shown: true });
  assert.equal(shown.state.join_qr_shown, true);
  const hidden = receive(shown.state, "join_qr_changed", { table_id: 7, seq: 5, join_qr_shown: false });
  assert.equal(hidden.state.join_qr_shown, false);
  // A repeat of an event already applied changes nothing.
  assert.equal(receive(hidden.state, "join_qr_changed", { table_id: 7, seq: 5, join_qr_shown: true }).outcome, "ignored");
});

test("a count of one reads in the singular where the page has it, else in the plural", () => {
  const strings = { signalsGiven: "%(count)s antwoorden", signalsGivenOne: "1 antwoord", moreItems: "nog %(count)s" };
  assert.equal(formatCount(strings, "signalsGiven", { count: 1 }), "1 antwoord");
  assert.equal(formatCount(strings, "signalsGiven", { count: 0 }), "0 antwoorden");
  assert.equal(formatCount(strings, "signalsGiven", { count: 2 }), "2 antwoorden");
  assert.equal(formatCount(strings, "moreItems", { count: 1 }), "nog 1");
});
