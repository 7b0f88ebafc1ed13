import { element } from "./argument_card.js";
import { euros, format, formatCount } from "./live.js";
import { governingFrame } from "./table_state.js";

// The live aggregate of a ballot round: per option its support, most first, and whether
// it still fits the budget counting from the top (the server ranks; this only draws).
export function renderTally(list, state, strings) {
  const { ballots, options } = state;
  const byId = new Map(options.map((o) => [o.id, o]));
  const most = Math.max(1, ...ballots.ranked.map((r) => r.support));
  list.replaceChildren(...ballots.ranked.filter((r) => byId.has(r.option_id)).map(({ option_id: id, support, fits }) => {
    const option = byId.get(id);
    const row = element("li", `tally-row${fits ? "" : " beyond"}`);
    const bar = element("div", "tally-bar");
    bar.style.width = `${(100 * support) / most}%`;
    row.append(element("span", "", `${option.title} (${euros(option.cost_cents)})`), bar,
      element("span", "fit", `${support} · ${fits ? strings.withinBudget : strings.beyondBudget}`));
    return row;
  }));
  return formatCount(strings, "turnout", { count: ballots.turnout });
}

// When a round is closed: the outcome under each rule side by side, with the reason
// for every option in the page's language.
export function renderResults(container, state, strings) {
  const results = state.ballots && state.ballots.results;
  container.hidden = !results;
  if (!results) return;
  const language = document.documentElement.lang === "en" ? "en" : "nl";
  const titles = new Map(state.options.map((o) => [String(o.id), o.title]));
  container.replaceChildren(...Object.entries(results).map(([rule, outcome]) => {
    const column = element("section", `result-column${rule === governingFrame(state).rule ? " chosen-rule" : ""}`);
    column.append(element("h3", "", strings.rules[rule]),
      element("p", "lead", format(strings.resultTotal, {
        total: euros(outcome.total_cost_cents), left: euros(outcome.left_cents) })));
    const list = element("ul", "result-list");
    for (const [optionId, explanation] of Object.entries(outcome.explanations)) {
      const funded = outcome.funded.includes(Number(optionId));
      const item = element("li", funded ? "funded" : "not-funded");
      item.append(element("strong", "", `${funded ? "✓" : "✗"} ${titles.get(optionId) || `#${optionId}`}`),
        element("p", "", explanation[language]));
      list.append(item);
    }
    column.append(list);
    return column;
  }));
}

// The anonymous tally of the current consensus round: how many gave each of the five answers.
export function renderSignals(list, consensus, strings) {
  const tally = consensus.latest.tally;
  const most = Math.max(1, ...Object.values(tally));
  list.replaceChildren(...[1, 2, 3, 4, 5].map((level) => {
    const row = element("li", `tally-row signal-${level}`);
    const bar = element("div", "tally-bar");
    bar.style.width = `${(100 * tally[level]) / most}%`;
    row.append(element("span", "", strings.signals[level]), bar, element("span", "fit", String(tally[level])));
    return row;
  }));
  return Object.values(tally).reduce((sum, n) => sum + n, 0);
}

export function proposalSummary(state, strings) {
  const latest = state.consensus.latest;
  const titles = new Map(state.options.map((o) => [o.id, o.title]));
  return {
    titles: latest.option_ids.map((id) => titles.get(id) || `#${id}`),
    total: format(strings.proposalTotal, { number: latest.number, total: euros(latest.total_cost_cents),
      budget: euros(state.round.budget_cents) }),
  };
}
