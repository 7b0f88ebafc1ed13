// Pre-moderation, an author's own argument and undoable merges in the live state:
// run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { receive, receiveOwn } from "../../static/js/table_state.js";
import {
  absorbedBy, moderatedArguments, nextInQueue, ownStatus, waitingQueue,
} from "../../static/js/moderation_state.js";

function snapshot(overrides = {}) {
  return {
    table_id: 7, seq: 3, role: "phone", premoderation: true,
    arguments: [{ id: 1, text: "Meer bankjes", visible: true }],
    ...overrides,
  };
}

const waiting = { id: 2, text: "Speeltuin", visible: false, waiting: true, hidden_reason: null, mine: true };

test("an unseen change only moves the seq: the next event is not a gap", () => {
  const first = receive(snapshot(), "unseen_change", { table_id: 7, seq: 4 });
  assert.equal(first.outcome, "applied");
  assert.equal(first.state.seq, 4);
  assert.deepEqual(first.state.arguments, snapshot().arguments);
  assert.equal(receive(first.state, "phase_changed", { table_id: 7, seq: 5, phase: "afwegen" }).outcome, "applied");
});

test("switching pre-moderation is sequenced like any change", () => {
  const { state } = receive(snapshot(), "premoderation_changed", { table_id: 7, seq: 4, premoderation: false });
  assert.equal(state.premoderation, false);
});

test("the author's own waiting argument arrives after the unseen change with the same seq", () => {
  const unseen = receive(snapshot(), "unseen_change", { table_id: 7, seq: 4 }).state;
  const own = receiveOwn(unseen, { table_id: 7, seq: 4, argument: waiting });
  assert.equal(own.outcome, "applied");
  assert.equal(own.state.seq, 4);
  assert.deepEqual(own.state.arguments.map((a) => a.id), [1, 2]);
  assert.equal(ownStatus(own.state.arguments[1]), "waiting");
});

test("an own event that comes alone takes the seq, and the public one of that seq is then ignored", () => {
  const own = receiveOwn(snapshot(), { table_id: 7, seq: 4, argument: waiting }).state;
  assert.equal(own.seq, 4);
  assert.equal(receive(own, "unseen_change", { table_id: 7, seq: 4 }).outcome, "ignored");
});

test("an own event behind the state is ignored, one beyond the next asks for a snapshot", () => {
  assert.equal(receiveOwn(snapshot(), { table_id: 7, seq: 2, argument: waiting }).outcome, "ignored");
  assert.equal(receiveOwn(snapshot(), { table_id: 7, seq: 6, argument: waiting }).outcome, "resync");
  assert.equal(receiveOwn(snapshot(), { table_id: 8, seq: 4, argument: waiting }).outcome, "ignored");
  assert.equal(receiveOwn(null, { table_id: 7, seq: 4, argument: waiting }).outcome, "ignored");
});

test("approval: the public argument_added is ignored by the author, whose own event shows it sent", () => {
  const withWaiting = snapshot({ arguments: [...snapshot().arguments, waiting] });
  const added = receive(withWaiting, "argument_added",
    { table_id: 7, seq: 4, argument: { id: 2, text: "Speeltuin", visible: true } }).state;
  assert.equal(ownStatus(added.arguments[1]), "waiting");
  const approved = receiveOwn(added, { table_id: 7, seq: 4,
    argument: { ...waiting, visible: true, waiting: false } }).state;
  assert.equal(ownStatus(approved.arguments[1]), "sent");
  assert.equal(approved.arguments[1].mine, true);
});

test("a hidden own argument: the public event drops it, the own event brings it back with the reason", () => {
  const state = snapshot({ arguments: [{ id: 1, text: "Meer bankjes", visible: true, mine: true }] });
  const dropped = receive(state, "argument_changed", { table_id: 7, seq: 4, argument: { id: 1, visible: false } }).state;
  assert.deepEqual(dropped.arguments, []);
  const told = receiveOwn(dropped, { table_id: 7, seq: 4, argument:
    { id: 1, text: "Meer bankjes", visible: false, waiting: false, hidden_reason: "Persoonlijk", mine: true } }).state;
  assert.equal(ownStatus(told.arguments[0]), "hidden");
  assert.equal(told.arguments[0].hidden_reason, "Persoonlijk");
});

test("a withdrawn or merged own argument leaves the author's list", () => {
  const state = snapshot({ arguments: [waiting] });
  const gone = receiveOwn(state, { table_id: 7, seq: 4, argument: { id: 2, visible: false, mine: true } }).state;
  assert.deepEqual(gone.arguments, []);
});

test("the queue holds the waiting arguments in the order they came; the list the rest", () => {
  const state = snapshot({ role: "console", arguments: [
    { id: 5, waiting: true }, { id: 1, waiting: false, visible: true }, { id: 3, waiting: true },
    { id: 4, waiting: false, hidden_reason: "x" }] });
  assert.deepEqual(waitingQueue(state).map((a) => a.id), [3, 5]);
  assert.deepEqual(moderatedArguments(state).map((a) => a.id), [1, 4]);
});

test("a kept card knows what it absorbed", () => {
  const state = snapshot({ role: "console", arguments: [
    { id: 1, merged_into_id: null }, { id: 2, merged_into_id: 1 }, { id: 3, merged_into_id: 1 },
    { id: 4, merged_into_id: 2 }] });
  assert.deepEqual(absorbedBy(state, 1).map((a) => a.id), [2, 3]);
  assert.deepEqual(absorbedBy(state, 3), []);
});

test("after approving, the focus goes to the next in the queue, or the one before at the end", () => {
  assert.equal(nextInQueue([3, 5, 8], 3), 5);
  assert.equal(nextInQueue([3, 5, 8], 5), 8);
  assert.equal(nextInQueue([3, 5, 8], 8), 5);
  assert.equal(nextInQueue([3], 3), null);
  assert.equal(nextInQueue([3, 5], 9), 3);
});
