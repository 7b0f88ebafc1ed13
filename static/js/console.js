// The facilitator's console: phases (forward and back), the timer, who is present.
import { setUpArguments } from "./console_arguments.js";
import { setUpBallots } from "./console_ballots.js";
import { renderConsoleBudgetBar } from "./console_budget_bar.js";
import { setUpDecide } from "./console_decide.js";
import { setUpFrame } from "./console_frame.js";
import { setUpFrameConsent } from "./console_frame_consent.js";
import { setUpPaperSignals } from "./console_paper_signal.js";
import { setUpGrouping } from "./console_grouping.js";
import { setUpJoinQr } from "./console_join_qr.js";
import { setUpMinutes } from "./console_minutes.js";
import { setUpWallPages } from "./console_wall_pages.js";
import { setUpModeration } from "./console_moderation.js";
import { setUpTabs } from "./console_tabs.js";
import { setUpPhaseTimers } from "./console_timer.js";
import { setUpRoundPaperVote } from "./console_round_vote.js";
import { announce, format, startLive } from "./live.js";

const live = startLive({ render });
const renderArguments = setUpArguments(live, act);
const renderGrouping = setUpGrouping(live, act);
const renderFrame = setUpFrame(live, act);
const renderFrameConsent = setUpFrameConsent(live, act, renderFrame.saveIfEdited);
setUpPaperSignals(live, act);
const renderBallots = setUpBallots(live, act);
const renderDecide = setUpDecide(live, act);
const renderMinutes = setUpMinutes(live, act);
const renderWallPages = setUpWallPages(live, act);
const renderModeration = setUpModeration(live, act);
const tabs = setUpTabs();

// Every part of the console has its own error line. A refusal shows in the one nearest
// the control that caused it (the last one pressed, typed in or dragged from), so it is
// read where the facilitator is looking; the next answer clears it.
let lastControl = null;
for (const type of ["pointerdown", "keydown", "submit", "change"]) {
  document.addEventListener(type, (event) => { lastControl = event.target; }, true);
}
function errorLineNear(control) {
  for (let node = control; node && node !== document.body; node = node.parentElement) {
    const line = node.matches("[data-error]") ? node : node.querySelector("[data-error]");
    if (line) return line;
  }
  return null;
}
const renderPhaseTimers = setUpPhaseTimers(live, act);
const renderJoinQr = setUpJoinQr(live, act);
setUpRoundPaperVote(live, act); // the round's plenary vote draws itself from its own event
async function act(name, payload) {
  const from = lastControl;
  const ack = await live.send(name, payload);
  const message = ack && ack.ok ? "" : (ack && ack.message) || live.strings.serverError;
  for (const line of document.querySelectorAll("[data-error]")) line.textContent = "";
  if (message) {
    const line = (from && from.isConnected && errorLineNear(from))
      || document.querySelector(`#panel-${tabs.shown()} [data-error]`) || document.querySelector(".bar-error");
    line.textContent = message;
  }
  return ack;
}

// The bar stays at the top of a laptop or tablet screen; sticky parts below it (the
// grouping toolbar, a list's filter) stop under it rather than behind it.
const bar = document.querySelector("[data-console-bar]");
function measureBar() {
  const sticky = getComputedStyle(bar).position === "sticky";
  document.documentElement.style.setProperty("--bar-height", `${sticky ? bar.offsetHeight : 0}px`);
}
new ResizeObserver(measureBar).observe(bar);
window.addEventListener("resize", measureBar);

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
  renderFrameConsent(state);
  renderBallots(state);
  renderDecide(state);
  renderMinutes(state);
  renderWallPages(state);
  renderModeration(state);
  tabs.render(state);
  renderPhaseTimers(state, strings);
  renderJoinQr(state, strings);
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
  for (const count of document.querySelectorAll("[data-online-count]")) count.textContent = String(online.size);
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
  act("reset_timer", { duration_s: Math.round(minutes * 60) }).then((ack) => {
    if (ack.ok) document.querySelector("[data-timer-settings]").open = false;
  });
});

// The bar's pop-ups (timer settings, who is present, latecomers) lie over the phase stepper:
// a tap elsewhere or Escape folds them away, as people expect of a menu.
const popUps = () => document.querySelectorAll("details.bar-pop[open]");
document.addEventListener("pointerdown", (event) => {
  for (const pop of popUps()) if (!pop.contains(event.target)) pop.open = false;
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const pop of popUps()) {
    const hadFocus = pop.contains(document.activeElement);
    pop.open = false;
    if (hadFocus) pop.querySelector("summary").focus();
  }
});
