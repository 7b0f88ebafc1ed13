// The phone's Besluiten: the proposal and five answers, from full agreement to objection
// (the form is signal_form.js, shared with the frame in Kaders).
import { element } from "./argument_card.js";
import { PHONE_BAR, drawBudgetBar, legendKey } from "./budget_bar.js";
import { optionNumbers, proposalBar } from "./budget_bar_views.js";
import { euros } from "./live.js";
import { setUpSignalForm } from "./signal_form.js";
import { proposalSummary } from "./tally.js";

export function setUpSignal(live) {
  const strings = live.strings;
  const section = document.querySelector("[data-signal-section]");
  const renderForm = setUpSignalForm(live, section.querySelector("[data-signal-form]"), {
    event: "give_signal",
    storageKey: `buurttafel:signal:${live.config.table}:${live.config.participant}`,
    round: (state) => {
      const latest = state.consensus && state.consensus.latest;
      return latest && { number: latest.number, open: latest.open, mine: state.me.signal };
    },
  });

  return function render(state) {
    const latest = state.consensus && state.consensus.latest;
    section.hidden = state.phase !== "besluiten" || !latest;
    if (section.hidden) return;
    const summary = proposalSummary(state, strings);
    // The proposal as the budget bar, each option below it with what it costs, as in the
    // decision that may follow; the list is the bar's legend.
    const bar = proposalBar(state);
    const picture = section.querySelector("[data-proposal-budget-bar]");
    if (picture.dataset.drawn !== JSON.stringify(bar)) {
      picture.dataset.drawn = JSON.stringify(bar);
      picture.replaceChildren(drawBudgetBar(bar, euros, strings.budgetBar, PHONE_BAR));
    }
    const costs = new Map(state.options.map((o) => [o.id, o.cost_cents]));
    const numbers = optionNumbers(state);
    section.querySelector("[data-proposal-list]").replaceChildren(...summary.titles.map((title, n) => {
      const id = state.consensus.latest.option_ids[n];
      const item = element("li", "decision-option");
      item.append(legendKey(numbers.get(id)), element("span", "decision-title", title));
      const cost = costs.get(id);
      if (cost !== undefined) item.append(" ", element("span", "decision-amount", euros(cost)));
      return item;
    }));
    section.querySelector("[data-proposal-total]").textContent = summary.total;
    const closed = section.querySelector("[data-signal-closed]");
    closed.hidden = latest.open;
    closed.textContent = latest.outcome ? strings.outcomes[latest.outcome] : "";
    renderForm(state);
  };
}
