// The phone's Besluiten: the proposal and five answers, from full agreement to objection.
// The reason field shows once an answer has something to say; an objection without a
// reason is stopped here, with the server's own words, before anything is sent.
import { element } from "./argument_card.js";
import { PHONE_BAR, drawBudgetBar, legendKey } from "./budget_bar.js";
import { optionNumbers, proposalBar } from "./budget_bar_views.js";
import { euros } from "./live.js";
import { storedDraft } from "./outbox.js";
import { reasonView } from "./phone_views.js";
import { proposalSummary } from "./tally.js";

export function setUpSignal(live) {
  const strings = live.strings;
  const section = document.querySelector("[data-signal-section]");
  const form = section.querySelector("[data-signal-form]");
  // An answer being changed (a reason half typed) is kept across a reload, for this round.
  const stored = storedDraft(`buurttafel:signal:${live.config.table}:${live.config.participant}`);
  let shownFor = null; // the round and saved answer the form was last filled from

  function chosenLevel() {
    const picked = form.querySelector("input[name=level]:checked");
    return picked ? Number(picked.value) : null;
  }

  function fill(level, reason) {
    for (const box of form.querySelectorAll("input[name=level]")) box.checked = Number(box.value) === level;
    form.elements.reason.value = reason || "";
    showReason();
  }

  // A hidden reason is kept in the field (switching back brings it back) but not sent.
  function showReason() {
    const view = reasonView(chosenLevel(), form.elements.reason.value);
    form.querySelector("[data-reason-field]").hidden = !view.shown;
    form.elements.reason.setAttribute("aria-required", String(view.required));
    form.querySelector("[data-reason-hint]").textContent = view.required ? strings.reasonRequired : strings.reasonOptional;
    return view;
  }

  form.addEventListener("input", () => {
    showReason();
    section.querySelector("[data-signal-error]").textContent = ""; // what it said is being mended
    const latest = live.getState().consensus.latest;
    stored.save({ round: latest.number, level: chosenLevel(), reason: form.elements.reason.value });
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = section.querySelector("[data-signal-error]");
    const view = showReason();
    const level = chosenLevel();
    if (level === null || view.missing) {
      error.textContent = level === null ? strings.chooseAnswer : strings.objectionNeedsReason;
      section.querySelector("[data-signal-status]").textContent = "";
      (level === null ? form.querySelector("input[name=level]") : form.elements.reason).focus();
      return;
    }
    const reason = view.shown ? form.elements.reason.value || null : null;
    const ack = await live.send("give_signal", { level, reason });
    if (ack.ok) stored.save(null);
    error.textContent = ack.ok ? "" : ack.message;
    section.querySelector("[data-signal-status]").textContent = ack.ok ? strings.signalSaved : "";
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
    form.hidden = !latest.open;
    const closed = section.querySelector("[data-signal-closed]");
    closed.hidden = latest.open;
    closed.textContent = latest.outcome ? strings.outcomes[latest.outcome] : "";
    // Fill the form only when a new round opens or the saved answer changes: other
    // people's answers arriving must not undo what this person is choosing or typing.
    const mine = state.me.signal;
    const key = JSON.stringify([latest.number, mine]);
    if (!latest.open || key === shownFor) return;
    shownFor = key;
    const draft = stored.load();
    if (draft && draft.round === latest.number) fill(draft.level, draft.reason);
    else if (mine) fill(mine.level, mine.reason);
    else fill(null, "");
  };
}
