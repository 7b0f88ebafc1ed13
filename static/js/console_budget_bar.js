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
  // Ordenen's own heading already says the options' total against the budget, and its board
  // needs the screen: the console draws the allocated money only (Verdelen, Besluiten).
  const candidate = consoleBudgetBar(state);
  const view = candidate && candidate.kind !== "options" ? candidate : null;
  section.hidden = !view;
  if (!view) return;
  // Under the phase's own tools: the allocation in Verdelen, the proposal in Besluiten.
  const home = document.querySelector(view.kind === "proposal" ? "#panel-besluiten" : "#panel-verdelen");
  if (section.parentElement !== home) home.append(section);
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
