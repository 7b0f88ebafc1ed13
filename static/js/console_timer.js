// The console's timer controls beyond start/pause/reset: the times per phase, and the
// timer stopped and disabled once the table is closed (the server refuses it too).
import { format } from "./live.js";

export function setUpPhaseTimers(live, act) {
  const form = document.querySelector("[data-phase-timers]");
  const rows = form.querySelector("[data-phase-timer-rows]");
  const saved = form.querySelector("[data-phase-timers-saved]");
  let shownTimers = null;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const durations = {};
    for (const input of rows.querySelectorAll("input[data-phase]")) {
      const typed = input.value.trim();
      if (typed === "") continue;
      const minutes = Number(typed.replace(",", "."));
      // Not a number: sent as typed, so the server's message says what is wrong.
      durations[input.dataset.phase] = Number.isFinite(minutes) ? Math.round(minutes * 60) : typed;
    }
    const ack = await act("set_phase_timers", { durations });
    saved.textContent = ack.ok ? live.strings.phaseTimersSaved : "";
  });

  return function render(state, strings) {
    if (!rows.children.length) {
      rows.append(...state.phases.map((phase) => {
        const row = document.createElement("p");
        row.className = "phase-timer-row";
        const label = document.createElement("label");
        label.htmlFor = `phase-timer-${phase}`;
        label.textContent = format(strings.phaseTimerLabel, { phase: strings.phases[phase] });
        const input = document.createElement("input");
        Object.assign(input, { id: `phase-timer-${phase}`, type: "number", min: "1", max: "240", step: "1",
          inputMode: "numeric", autocomplete: "off" });
        input.dataset.phase = phase;
        input.setAttribute("aria-describedby", "phase-timers-hint");
        row.append(label, input);
        return row;
      }));
    }
    const timers = JSON.stringify(state.phase_timers || {});
    if (timers !== shownTimers) { // only when the saved times change: never over what is being typed
      shownTimers = timers;
      for (const input of rows.querySelectorAll("input[data-phase]")) {
        const seconds = (state.phase_timers || {})[input.dataset.phase];
        input.value = seconds ? String(Math.round(seconds / 60)) : "";
      }
    }
    const closed = Boolean(state.closed);
    for (const control of document.querySelectorAll(
      "[data-timer-start], [data-timer-pause], [data-timer-reset] button, [data-timer-reset] input, [data-phase-timers] button, [data-phase-timers] input")) {
      control.disabled = closed;
    }
  };
}
