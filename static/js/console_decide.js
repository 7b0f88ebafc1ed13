// The console's Besluiten section: put a proposal (a rule's outcome, amendable) to the
// table, follow the anonymous tally, close the round, record the decision.
import { element } from "./argument_card.js";
import { euros, format, formatCount, phaseRules } from "./live.js";
import { proposalSummary, renderSignals } from "./tally.js";
import { governingFrame } from "./table_state.js";

export function setUpDecide(live, act) {
  const strings = live.strings;
  const section = document.querySelector("[data-decide]");
  const proposal = section.querySelector("[data-proposal-form]");
  const ruleSelect = section.querySelector("[data-proposal-rule]");
  const decision = section.querySelector("[data-decision-form]");
  let drawnFor = null;
  let preselectedFor = null; // the round whose outcome the decision form was set to

  function chosen() {
    return [...proposal.querySelectorAll("input[type=checkbox]:checked")].map((b) => Number(b.value));
  }
  function updateTotal() {
    const state = live.getState();
    const total = state.options.filter((o) => chosen().includes(o.id)).reduce((sum, o) => sum + o.cost_cents, 0);
    const line = section.querySelector("[data-proposal-total]");
    line.textContent = `${euros(total)} / ${euros(state.round.budget_cents)}`;
    line.classList.toggle("error", total > state.round.budget_cents);
  }
  function applyRule() {
    const results = live.getState().ballots && live.getState().ballots.results;
    const funded = results && ruleSelect.value ? results[ruleSelect.value].funded : null;
    if (!funded) return;
    for (const box of proposal.querySelectorAll("input[type=checkbox]")) box.checked = funded.includes(Number(box.value));
    updateTotal();
  }

  ruleSelect.addEventListener("change", applyRule);
  proposal.addEventListener("change", updateTotal);
  proposal.addEventListener("submit", async (event) => {
    event.preventDefault();
    await act("propose", { option_ids: chosen(), based_on_rule: ruleSelect.value || null });
  });
  section.querySelector("[data-close-consensus]").addEventListener("click", () => act("close_consensus_round"));
  decision.addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = decision.querySelector("input[name=outcome]:checked");
    await act("record_decision", { outcome: picked ? picked.value : null,
      override_reason: decision.elements.override_reason.value || null });
  });

  function build(state) {
    const results = state.ballots && state.ballots.results;
    ruleSelect.replaceChildren(Object.assign(element("option", "", strings.ownChoice), { value: "" }),
      ...Object.keys(results || {}).map((rule) => Object.assign(element("option", "", strings.rules[rule]), { value: rule })));
    const rule = governingFrame(state).rule;
    if (results && results[rule]) ruleSelect.value = rule;
    section.querySelector("[data-proposal-options]").replaceChildren(...state.options.map((option) => {
      const label = element("label", "ballot-choice");
      const box = element("input");
      box.type = "checkbox";
      box.value = String(option.id);
      label.append(box, ` ${option.title} — ${euros(option.cost_cents)}`);
      const row = element("div", "ballot-option");
      row.append(label);
      return row;
    }));
    applyRule();
    updateTotal();
  }

  return function render(state) {
    section.hidden = !phaseRules(state).shows_decision;
    if (section.hidden) return;
    const { consensus } = state;
    const latest = consensus.latest;
    const open = Boolean(latest && latest.open);
    proposal.hidden = open;
    section.querySelector("[data-round-panel]").hidden = !latest;
    const key = JSON.stringify([state.options.map((o) => [o.id, o.cost_cents]), state.ballots && state.ballots.number,
      Boolean(state.ballots && state.ballots.results)]);
    if (key !== drawnFor) {
      drawnFor = key;
      build(state);
    }
    if (latest) {
      const given = renderSignals(section.querySelector("[data-signal-tally]"), consensus, strings);
      const summary = proposalSummary(state, strings);
      section.querySelector("[data-consensus-state]").textContent =
        `${summary.total} · ${formatCount(strings, "signalsGiven", { count: given })}`
        + (latest.paper ? ` (${format(strings.paperAnswers, { count: latest.paper })})` : "")
        + (latest.outcome ? ` · ${strings.outcomes[latest.outcome]}` : "");
      const reasons = section.querySelector("[data-reasons]");
      reasons.replaceChildren(...latest.objections.map((r) => element("p", "status error", `${strings.signals[5]}: ${r}`)),
        ...latest.notes.map((r) => element("p", "status", r)));
      section.querySelector("[data-close-consensus]").hidden = !open;
    }
    decision.hidden = !latest || open;
    // Each closed round starts the decision form at that round's computed outcome.
    if (latest && !open && preselectedFor !== latest.number) {
      preselectedFor = latest.number;
      decision.reset();
      const match = decision.querySelector(`input[value="${latest.outcome}"]`);
      if (match) match.checked = true;
    }
    const done = consensus.decision;
    section.querySelector("[data-decision]").textContent = done ? format(strings.decisionRecorded, {
      outcome: strings.outcomes[done.outcome], total: euros(done.total_cost_cents) }) : "";
  };
}
