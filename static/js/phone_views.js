// What the phone shows, derived from the table's state without touching `document`:
// arguments grouped under their option, the sums of a ballot, the decision. The phone's
// modules draw these; `node --test tests/js/` checks them.

// Afwegen: each option with the arguments of its group, in the options' order, and the
// arguments outside any option (ungrouped, or in a group that is no option) as the rest.
// `shown` is the list of arguments the page wants grouped, in its own order.
export function argumentsByOption(options, clusters, shown) {
  const clusterOf = new Map();
  for (const cluster of clusters) {
    for (const id of cluster.argument_ids) clusterOf.set(id, cluster.id);
  }
  const groups = options.map((option) => ({
    option, arguments: shown.filter((a) => option.cluster_id !== null && clusterOf.get(a.id) === option.cluster_id),
  }));
  const placed = new Set(groups.flatMap((g) => g.arguments.map((a) => a.id)));
  return { groups, rest: shown.filter((a) => !placed.has(a.id)) };
}

// Kiezen: what the chosen options cost together, and per option whether choosing it
// still fits the budget (a chosen one always "fits": it can be unchosen).
export function chosenView(options, chosenIds, budgetCents) {
  const chosen = new Set(chosenIds);
  const spentCents = options.filter((o) => chosen.has(o.id)).reduce((sum, o) => sum + o.cost_cents, 0);
  const fits = new Map(options.map((o) => [o.id, chosen.has(o.id) || spentCents + o.cost_cents <= budgetCents]));
  return { spentCents, leftCents: budgetCents - spentCents, fits };
}

// Verdelen: the points given, what is left and how many too many. Empty and
// non-numeric fields count as nothing; the server refuses fractions and negatives.
export function pointsView(pointsPerBallot, points) {
  const used = Object.values(points).reduce((sum, p) => sum + (Number.isFinite(p) ? p : 0), 0);
  const left = pointsPerBallot - used;
  return { used, left: Math.max(0, left), over: Math.max(0, -left), sendable: left >= 0 };
}

// Besluiten: the reason field is shown for every answer that has something to say
// (all but "fully agree"), and an objection cannot be sent without a reason, as the
// server refuses it too.
export const OBJECTION = 5;

export function reasonView(level, reason) {
  const shown = level !== null && level > 1;
  const required = level === OBJECTION;
  const missing = required && !(reason || "").trim();
  return { shown, required, missing };
}

// An option's description is folded on the ballot beyond this many characters.
export const LONG_DESCRIPTION = 160;

export function isLong(text) {
  return (text || "").length > LONG_DESCRIPTION;
}

// After Besluiten: the recorded decision with the funded options (title, cost) and what
// is left of the round's budget; null while nothing is recorded.
export function decisionView(state) {
  const decision = state.consensus && state.consensus.decision;
  if (!decision) return null;
  const byId = new Map(state.options.map((o) => [o.id, o]));
  const funded = decision.option_ids.map((id) => {
    const option = byId.get(id);
    return { id, title: option ? option.title : `#${id}`, cost_cents: option ? option.cost_cents : null };
  });
  const budgetCents = state.round.budget_cents;
  return {
    outcome: decision.outcome,
    overridden: decision.outcome !== decision.computed_outcome,
    overrideReason: decision.override_reason,
    funded,
    totalCents: decision.total_cost_cents,
    budgetCents,
    leftCents: budgetCents - decision.total_cost_cents,
    final: Boolean(state.closed),
  };
}
