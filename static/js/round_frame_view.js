// The round's own frame as a table shows it in Kaders (console, phone, wall): DOM-free,
// from the snapshot's `round` (its `frame`, and `budget_cents`: this table's budget).
import { format } from "./table_state.js";

export function roundFrameView(state, strings, euros) {
  const round = state.round || {};
  const frame = round.frame;
  if (!frame || !frame.recorded) return { visible: false, fields: {} };
  const words = strings.roundFrame;
  const budget = frame.combination === "table_budgets"
    ? format(words.share, { share: euros(round.budget_cents), budget: euros(round.round_budget_cents) })
    : format(words.whole, { budget: euros(round.round_budget_cents) });
  return {
    visible: state.phase === "kaders",
    fields: {
      goals: frame.goals,
      conditions: frame.conditions,
      rule: words.rules[frame.rule] || frame.rule,
      combination: words.combinations[frame.combination] || frame.combination,
      budget,
    },
  };
}
