// The phone after Besluiten: the decision, the funded options with their amounts, what is
// left of the budget, and where the minutes go.
import { element } from "./argument_card.js";
import { PHONE_BAR, drawBudgetBar, legendKey } from "./budget_bar.js";
import { decisionBar, optionNumbers } from "./budget_bar_views.js";
import { euros, format } from "./live.js";
import { decisionView } from "./phone_views.js";

export function setUpDecision(live) {
  const strings = live.strings;
  const section = document.querySelector("[data-decision-section]");

  return function render(state) {
    const view = decisionView(state);
    section.hidden = !(state.phase === "afgerond" || (state.phase === "besluiten" && view));
    if (section.hidden) return;
    section.querySelector("[data-decision-recorded]").hidden = !view;
    section.querySelector("[data-decision-none]").hidden = Boolean(view);
    section.querySelector("[data-minutes-draft]").hidden = Boolean(state.closed);
    section.querySelector("[data-minutes-final]").hidden = !state.closed;
    if (!view) return;
    section.querySelector("[data-decision-outcome]").textContent = strings.outcomes[view.outcome];
    const override = section.querySelector("[data-decision-override]");
    override.hidden = !(view.overridden && view.overrideReason);
    override.textContent = view.overrideReason ? format(strings.overrideReason, { reason: view.overrideReason }) : "";
    // The list below the bar is its legend and its text: the bar draws no words of its own.
    const bar = decisionBar(state);
    const picture = section.querySelector("[data-budget-bar]");
    if (picture.dataset.drawn !== JSON.stringify(bar)) {
      picture.dataset.drawn = JSON.stringify(bar);
      picture.replaceChildren(drawBudgetBar(bar, euros, strings.budgetBar, PHONE_BAR));
    }
    const numbers = optionNumbers(state);
    const list = section.querySelector("[data-decision-options]");
    if (!view.funded.length) {
      list.replaceChildren(element("li", "muted", strings.nothingFunded));
    } else {
      list.replaceChildren(...view.funded.map((option) => {
        const item = element("li", "decision-option");
        item.append(legendKey(numbers.get(option.id)), element("span", "decision-title", option.title));
        if (option.cost_cents !== null) item.append(" ", element("span", "decision-amount", euros(option.cost_cents)));
        return item;
      }));
    }
    section.querySelector("[data-decision-total]").textContent = format(strings.decisionTotal, {
      total: euros(view.totalCents), budget: euros(view.budgetCents), left: euros(view.leftCents) });
  };
}
