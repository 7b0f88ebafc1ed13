// Which budget bar the phone and the console show, as data: no `document`, so
// `node --test tests/js/` checks it. The bars themselves are wall_views.js's, so an option
// has the same number in its segment on the wall, the phone and the console.
import { chosenBar, optionsBar } from "./wall_views.js";
import { governingFrame } from "./table_state.js";

// Each option's number in the bars (its place among the table's options, from 1), for the
// lists that stand beside a bar as its legend.
export function optionNumbers(state) {
  return new Map(state.options.map((option, index) => [option.id, index + 1]));
}

// The proposal of the latest consensus round, or null before the first proposal.
export function proposalBar(state) {
  const latest = state.consensus && state.consensus.latest;
  return latest ? chosenBar(state, latest.option_ids) : null;
}

// The recorded decision's allocation, or null before it is recorded.
export function decisionBar(state) {
  const decision = state.consensus && state.consensus.decision;
  return decision ? chosenBar(state, decision.option_ids) : null;
}

// The console's one bar for the phase: the options' total against the budget while the
// options are shaped and weighed, the chosen rule's allocation once voting is closed, the
// proposal put to the table. `kind` picks the words above it; null shows nothing.
export function consoleBudgetBar(state) {
  if (state.phase === "ordenen" || state.phase === "afwegen") {
    return state.options.length ? { kind: "options", bar: optionsBar(state) } : null;
  }
  if (state.phase === "verdelen") {
    const results = state.ballots && state.ballots.results;
    const rule = state.frame && governingFrame(state).rule;
    return results && results[rule] ? { kind: "rule", rule, bar: chosenBar(state, results[rule].funded) } : null;
  }
  if (state.phase === "besluiten") {
    const bar = proposalBar(state);
    return bar ? { kind: "proposal", number: state.consensus.latest.number, bar } : null;
  }
  return null;
}
