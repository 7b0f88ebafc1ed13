// The frame agreed by the table, as plain data for phone, wall and console (no DOM):
// which version of the frame to show, and how its consent round stands.

import { formatCount } from "./table_state.js";

// The frame to show and how it stands: the proposal before the table while a round is
// open; else the agreed frame; else the last proposal that was not agreed; else the
// facilitator's recorded draft; null when there is nothing yet.
export function shownFrame(state) {
  const consent = state.frame_consent || { latest: null, agreed: null };
  const latest = consent.latest;
  if (latest && latest.open) return { status: "open", proposal: latest.proposal, round: latest };
  if (consent.agreed) {
    return { status: "agreed", proposal: consent.agreed.proposal, round: consent.agreed };
  }
  if (latest) return { status: "not_agreed", proposal: latest.proposal, round: latest };
  if (state.frame && state.frame.recorded) return { status: "draft", proposal: state.frame, round: null };
  return null;
}

// How many answers a round has: phones and paper together.
export function answersGiven(round) {
  return round ? Object.values(round.tally).reduce((sum, n) => sum + n, 0) : 0;
}

// One line on how the frame stands, in the page's language.
export function consentLine(state, strings) {
  const shown = shownFrame(state);
  if (!shown) return "";
  const { status, round } = shown;
  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
  if (status === "open") return formatCount(strings, "frameRoundOpen", { number: round.number, count: answersGiven(round) });
  if (status === "agreed") return fill(strings.frameAgreed, { number: round.number, outcome: strings.outcomes[round.outcome] });
  if (status === "not_agreed") return fill(strings.frameNotAgreed, { number: round.number });
  return strings.frameDraftOnly;
}

// The console: may the facilitator put the draft to the table, and does the draft
// differ from the agreed frame (then the agreed one still governs)?
const FIELDS = ["goals", "roles", "conditions", "ballot_form", "rule", "consensus_rule"];

export function draftState(state) {
  const consent = state.frame_consent || { latest: null, agreed: null };
  const open = Boolean(consent.latest && consent.latest.open);
  const agreed = consent.agreed;
  const same = Boolean(agreed) && FIELDS.every((name) => agreed.proposal[name] === state.frame[name]);
  return { open, canPropose: !open && !same, differsFromAgreed: Boolean(agreed) && !same };
}
