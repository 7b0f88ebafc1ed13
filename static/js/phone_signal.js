// The phone's Besluiten: the proposal and five answers, from full agreement to objection.
import { element } from "./argument_card.js";
import { proposalSummary } from "./tally.js";

export function setUpSignal(live) {
  const strings = live.strings;
  const section = document.querySelector("[data-signal-section]");
  const form = section.querySelector("[data-signal-form]");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = form.querySelector("input[name=level]:checked");
    const ack = await live.send("give_signal", { level: picked ? Number(picked.value) : null,
      reason: form.elements.reason.value || null });
    section.querySelector("[data-signal-error]").textContent = ack.ok ? "" : ack.message;
    section.querySelector("[data-signal-status]").textContent = ack.ok ? strings.signalSaved : "";
  });

  return function render(state) {
    const latest = state.consensus && state.consensus.latest;
    section.hidden = state.phase !== "besluiten" || !latest;
    if (section.hidden) return;
    const summary = proposalSummary(state, strings);
    section.querySelector("[data-proposal-list]").replaceChildren(...summary.titles.map((t) => element("li", "", t)));
    section.querySelector("[data-proposal-total]").textContent = summary.total;
    form.hidden = !latest.open;
    const closed = section.querySelector("[data-signal-closed]");
    closed.hidden = latest.open;
    closed.textContent = latest.outcome ? strings.outcomes[latest.outcome] : "";
    const mine = state.me.signal;
    if (mine && latest.open && !form.contains(document.activeElement)) {
      form.querySelector(`input[value="${mine.level}"]`).checked = true;
      form.elements.reason.value = mine.reason || "";
    }
  };
}
