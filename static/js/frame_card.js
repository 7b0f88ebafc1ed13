// The frame card of phones and the wall in Kaders: the frame shown (the proposal before
// the table, the agreed frame, or the draft), each rule with its one-sentence
// explanation, and how the consent round stands: while it is open, the anonymous tally.
import { element } from "./argument_card.js";
import { consentLine, shownFrame } from "./frame_consent_views.js";
import { renderSignals } from "./tally.js";

export function renderFrameCard(state, strings) {
  const card = document.querySelector("[data-frame-card]");
  if (!card) return;
  const shown = shownFrame(state);
  card.hidden = state.phase !== "kaders" || !shown;
  if (card.hidden) return;
  card.dataset.status = shown.status;
  const line = card.querySelector("[data-frame-consent-line]");
  line.textContent = consentLine(state, strings);
  const labels = { ballot_form: strings.ballotForms, rule: strings.rules, consensus_rule: strings.consensusRules };
  for (const field of card.querySelectorAll("[data-frame-field]")) {
    const key = field.dataset.frameField;
    const value = shown.proposal[key];
    field.textContent = labels[key] ? labels[key][value] : value || "—";
  }
  const explanations = { rule: strings.ruleExplanations, consensus_rule: strings.consensusRuleExplanations };
  for (const field of card.querySelectorAll("[data-frame-explain]")) {
    const key = field.dataset.frameExplain;
    field.textContent = explanations[key][shown.proposal[key]] || "";
  }
  const tally = card.querySelector("[data-frame-card-tally]");
  const round = shown.round;
  // The wall shows the tally of the open round and the reasons of the last closed one.
  tally.hidden = !round || !card.closest(".wall-frame");
  if (tally.hidden) return;
  renderSignals(card.querySelector("[data-frame-card-signals]"), { latest: round }, strings);
  card.querySelector("[data-frame-card-reasons]").replaceChildren(
    ...round.objections.map((reason) => element("p", "frame-objection", `${strings.signals[5]}: ${reason}`)));
}
