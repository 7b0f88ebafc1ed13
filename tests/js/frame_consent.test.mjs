// The frame agreed by the table: the reducer, the governing frame and what the pages show.
import assert from "node:assert/strict";
import { test } from "node:test";

import { answersGiven, consentLine, draftState, shownFrame } from "../../static/js/frame_consent_views.js";
import { governingFrame, receive } from "../../static/js/table_state.js";

const DRAFT = { goals: "Ontmoeten", roles: "", conditions: "", ballot_form: "kiezen", rule: "mes",
  consensus_rule: "consent", recorded: true };
const AGREED_PROPOSAL = { ...DRAFT, ballot_form: "verdelen", rule: "greedy", recorded: undefined };
delete AGREED_PROPOSAL.recorded;
const tally = (counts) => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, ...counts });
const round = (number, extra) => ({ number, proposal: AGREED_PROPOSAL, decided_by: "consent", open: false,
  outcome: null, agreed: false, tally: tally({}), objections: [], notes: [], paper: 0, ...extra });
const STRINGS = {
  frameRoundOpen: "Voorstel %(number)s ligt voor: %(count)s antwoorden.",
  frameRoundOpenOne: "Voorstel %(number)s ligt voor: 1 antwoord.",
  frameAgreed: "Vastgesteld (voorstel %(number)s): %(outcome)s.",
  frameNotAgreed: "Voorstel %(number)s niet aangenomen.",
  frameDraftOnly: "Nog niet vastgesteld.",
  outcomes: { consensus: "Consensus", consent_with_reservations: "Instemming met bedenkingen", no_consensus: "Geen consensus" },
};
const base = { table_id: 1, seq: 4, frame: DRAFT, frame_consent: { rounds: 0, latest: null, agreed: null, suggestions: [] } };

test("frame_consent_changed replaces the round, the agreed frame and the suggestions, in order", () => {
  const opened = { rounds: 1, latest: round(1, { open: true, tally: tally({ 5: 1 }) }), agreed: null, suggestions: [] };
  const applied = receive(base, "frame_consent_changed", { table_id: 1, seq: 5, frame_consent: opened });
  assert.equal(applied.outcome, "applied");
  assert.deepEqual(applied.state.frame_consent, opened);
  assert.equal(base.frame_consent.latest, null); // the input is left alone
  assert.equal(receive(applied.state, "frame_consent_changed", { table_id: 1, seq: 5, frame_consent: opened }).outcome, "ignored");
  assert.equal(receive(applied.state, "frame_consent_changed", { table_id: 1, seq: 7, frame_consent: opened }).outcome, "resync");
  assert.equal(receive(applied.state, "frame_consent_changed", { table_id: 2, seq: 6, frame_consent: opened }).outcome, "ignored");
});

test("the agreed frame governs; the draft only until the table agreed one", () => {
  assert.deepEqual(governingFrame(base), { ...DRAFT, agreed: false });
  const agreed = { ...base, frame_consent: { ...base.frame_consent, agreed: round(2, { agreed: true, outcome: "consensus" }) } };
  assert.equal(governingFrame(agreed).rule, "greedy");
  assert.equal(governingFrame(agreed).ballot_form, "verdelen");
  assert.equal(governingFrame(agreed).agreed, true);
});

test("phones and the wall show the open proposal, else the agreed frame, else the last proposal, else the draft", () => {
  assert.deepEqual(shownFrame(base), { status: "draft", proposal: DRAFT, round: null });
  assert.equal(consentLine(base, STRINGS), "Nog niet vastgesteld.");
  const open = { ...base, frame_consent: { ...base.frame_consent, latest: round(1, { open: true, tally: tally({ 1: 2, 5: 1 }) }) } };
  assert.equal(shownFrame(open).status, "open");
  assert.equal(answersGiven(shownFrame(open).round), 3);
  assert.equal(consentLine(open, STRINGS), "Voorstel 1 ligt voor: 3 antwoorden.");
  const one = { ...base, frame_consent: { ...base.frame_consent, latest: round(1, { open: true, tally: tally({ 4: 1 }) }) } };
  assert.equal(consentLine(one, STRINGS), "Voorstel 1 ligt voor: 1 antwoord.");
  const refused = { ...base, frame_consent: { ...base.frame_consent, latest: round(1, { outcome: "no_consensus" }) } };
  assert.equal(consentLine(refused, STRINGS), "Voorstel 1 niet aangenomen.");
  const agreedRound = round(2, { agreed: true, outcome: "consent_with_reservations" });
  const agreed = { ...base, frame_consent: { ...base.frame_consent, latest: agreedRound, agreed: agreedRound } };
  assert.equal(consentLine(agreed, STRINGS), "Vastgesteld (voorstel 2): Instemming met bedenkingen.");
  // A new round on a changed frame is shown over the agreed one while it is open.
  const again = { ...agreed, frame_consent: { ...agreed.frame_consent, latest: round(3, { open: true }) } };
  assert.equal(shownFrame(again).round.number, 3);
  assert.equal(shownFrame({ ...base, frame: { ...DRAFT, recorded: false } }), null);
});

test("the console may put the draft only when no round is open and it differs from the agreed frame", () => {
  assert.deepEqual(draftState(base), { open: false, canPropose: true, differsFromAgreed: false });
  const open = { ...base, frame_consent: { ...base.frame_consent, latest: round(1, { open: true }) } };
  assert.equal(draftState(open).canPropose, false);
  const agreedRound = round(1, { agreed: true, outcome: "consensus" });
  const agreed = { ...base, frame: { ...AGREED_PROPOSAL, recorded: true },
    frame_consent: { ...base.frame_consent, latest: agreedRound, agreed: agreedRound } };
  assert.deepEqual(draftState(agreed), { open: false, canPropose: false, differsFromAgreed: false });
  const edited = { ...agreed, frame: { ...agreed.frame, rule: "mes" } };
  assert.deepEqual(draftState(edited), { open: false, canPropose: true, differsFromAgreed: true });
});
