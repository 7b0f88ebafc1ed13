// The facilitator's console: phases (forward and back), the timer, who is present.
import { setUpArguments } from "./console_arguments.js";
import { setUpBallots } from "./console_ballots.js";
import { renderConsoleBudgetBar } from "./console_budget_bar.js";
import { setUpDecide } from "./console_decide.js";
import { setUpFrame } from "./console_frame.js";
import { setUpGrouping } from "./console_grouping.js";
import { setUpMinutes } from "./console_minutes.js";
import { setUpWallPages } from "./console_wall_pages.js";
import { announce, format, startLive } from "./live.js";

const live = startLive({ render });
const renderArguments = setUpArguments(live, act);
const renderGrouping = setUpGrouping(live, act);
const renderFrame = setUpFrame(live, act);
const renderBallots = setUpBallots(live, act);
const renderDecide = setUpDecide(live, act);
const renderMinutes = setUpMinutes(live, act);
const renderWallPages = setUpWallPages(live, act);
// Every part of the console has its own error line; each shows the last answer.
async function act(name, payload) {
  const ack = await live.send(name, payload);
  const message = ack && ack.ok ? "" : (ack && ack.message) || live.strings.serverError;
  for (const box of document.querySelectorAll("[data-error]")) box.textContent = message;
  return ack;
}

function goToPhase(phase) {
  act("set_phase", { phase }).then((ack) => {
    if (ack.ok) announce(format(live.strings.phaseChangedTo, { phase: live.strings.phases[phase] }));
  });
}

function render(state, strings) {
  // Controls wait for the first snapshot: before it, the console does not know the table.
  for (const control of document.querySelectorAll("[data-needs-state]")) {
    control.disabled = false;
    delete control.dataset.needsState;
  }
  renderArguments(state);
  renderGrouping(state);
  renderFrame(state);
  renderBallots(state);
  renderDecide(state);
  renderMinutes(state);
  renderWallPages(state);
  renderConsoleBudgetBar(state, strings);
  const index = state.phases.indexOf(state.phase);
  const back = document.querySelector("[data-phase-back]");
  const next = document.querySelector("[data-phase-next]");
  back.disabled = index === 0;
  next.disabled = index === state.phases.length - 1;

  const list = document.querySelector("[data-phase-list]");
  if (list.children.length !== state.phases.length) {
    list.replaceChildren(...state.phases.map((phase) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "phase-button";
      button.dataset.phase = phase;
      button.textContent = strings.phases[phase];
      button.addEventListener("click", () => goToPhase(phase));
      item.append(button);
      return item;
    }));
  }
  for (const button of list.querySelectorAll("button")) {
    const current = button.dataset.phase === state.phase;
    button.classList.toggle("current", current);
    if (current) button.setAttribute("aria-current", "step");
    else button.removeAttribute("aria-current");
  }

  const online = new Set(state.online || []);
  document.querySelector("[data-online-count]").textContent = String(online.size);
  const people = document.querySelector("[data-participants]");
  people.replaceChildren(...(state.participants || []).map((person) => {
    const item = document.createElement("li");
    const here = online.has(person.id);
    item.className = here ? "present" : "away";
    const name = document.createElement("span");
    name.textContent = person.display_name || format(strings.anonymous, { number: person.number });
    const status = document.createElement("span");
    status.className = "presence";
    status.textContent = here ? strings.present : strings.away;
    item.append(name, " ", status);
    return item;
  }));
}

document.querySelector("[data-phase-back]").addEventListener("click", () => {
  const state = live.getState();
  goToPhase(state.phases[state.phases.indexOf(state.phase) - 1]);
});
document.querySelector("[data-phase-next]").addEventListener("click", () => {
  const state = live.getState();
  goToPhase(state.phases[state.phases.indexOf(state.phase) + 1]);
});
document.querySelector("[data-timer-start]").addEventListener("click", () => act("start_timer"));
document.querySelector("[data-timer-pause]").addEventListener("click", () => act("pause_timer"));
document.querySelector("[data-timer-reset]").addEventListener("submit", (event) => {
  event.preventDefault();
  const minutes = Number(document.querySelector("#timer-minutes").value);
  act("reset_timer", { duration_s: Math.round(minutes * 60) });
});
