// The console's budget bar (templates/table/_console_budget_bar.html): the same picture the
// wall and the phones show, so the facilitator sees what the room sees. Self-contained so
// the console's layout can place it anywhere: console.js only calls this on every state.
import { drawBudgetBar } from "./budget_bar.js";
import { consoleBudgetBar } from "./budget_bar_views.js";
import { euros, format } from "./live.js";

let drawnFor = null;

export function renderConsoleBudgetBar(state, strings) {
  const section = document.querySelector("[data-console-budget-bar]");
  if (!section) return;
  const view = consoleBudgetBar(state);
  section.hidden = !view;
  if (!view) return;
  // Redraw only when the picture changes: other events must not rebuild the SVG.
  const key = JSON.stringify([view, document.documentElement.lang]);
  if (key === drawnFor) return;
  drawnFor = key;
  const label = section.querySelector("[data-console-budget-bar-label]");
  label.hidden = view.kind === "options";
  label.textContent = view.kind === "rule" ? `${strings.rules[view.rule]} ${strings.chosenRule}`
    : view.kind === "proposal" ? format(strings.proposalNumber, { number: view.number }) : "";
  section.querySelector("[data-console-budget-bar-picture]")
    .replaceChildren(drawBudgetBar(view.bar, euros, strings.budgetBar));
}
