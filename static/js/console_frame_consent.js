// The console's Kaders after the draft: put the frame to the table, follow the answers,
// close the round, enter answers from paper, and take the phones' suggestions into the
// draft or set them aside.
import { element } from "./argument_card.js";
import { answersGiven, consentLine, draftState } from "./frame_consent_views.js";
import { format, formatCount } from "./table_state.js";
import { renderSignals } from "./tally.js";

export function setUpFrameConsent(live, act, saveDraft) {
  const strings = live.strings;
  const section = document.querySelector("[data-frame-consent]");
  const propose = section.querySelector("[data-propose-frame]");
  const close = section.querySelector("[data-close-frame-round]");
  propose.addEventListener("click", async () => {
    if ((await saveDraft()).ok) act("propose_frame", {});
  });
  close.addEventListener("click", () => act("close_frame_round", {}));

  const list = section.querySelector("[data-frame-suggestions]");
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-suggestion]");
    if (button) act("settle_frame_suggestion", { suggestion_id: Number(button.dataset.suggestion), take: button.dataset.take === "true" });
  });

  return function render(state) {
    const consent = state.frame_consent;
    const latest = consent.latest;
    const draft = draftState(state);
    section.querySelector("[data-frame-consent-line]").textContent =
      consentLine({ ...state, frame: { ...state.frame, recorded: true } }, strings);
    section.querySelector("[data-frame-draft-note]").hidden = !draft.differsFromAgreed || draft.open;
    propose.hidden = draft.open;
    propose.disabled = !draft.canPropose;
    close.hidden = !draft.open;
    document.querySelector("[data-frame-form]").hidden = draft.open;
    document.querySelector("[data-frame-locked]").hidden = !draft.open;
    section.querySelector("[data-frame-paper]").hidden = !draft.open;
    const tally = section.querySelector("[data-frame-round-tally]");
    tally.hidden = !latest;
    if (latest) {
      renderSignals(section.querySelector("[data-frame-signals]"), consent, strings);
      const paper = latest.paper ? ` (${format(strings.paperAnswers, { count: latest.paper })})` : "";
      section.querySelector("[data-frame-reasons]").replaceChildren(
        element("p", "status", `${formatCount(strings, "signalsGiven", { count: answersGiven(latest) })}${paper}`),
        ...latest.objections.map((r) => element("p", "status error", `${strings.signals[5]}: ${r}`)),
        ...latest.notes.map((r) => element("p", "status", r)));
    }
    list.replaceChildren(...(consent.suggestions.length ? consent.suggestions.map((suggestion) => {
      const item = element("li", "frame-suggestion");
      item.append(element("span", "frame-suggestion-kind", `${strings.suggestionKinds[suggestion.kind]}: `),
        element("span", "frame-suggestion-text", suggestion.text));
      const row = element("span", "inline-row");
      for (const [take, label] of [[true, strings.take], [false, strings.setAside]]) {
        const button = element("button", `button small${take ? "" : " quiet"}`, label);
        Object.assign(button, { type: "button" });
        button.dataset.suggestion = suggestion.id;
        button.dataset.take = String(take);
        button.disabled = take && draft.open; // the draft stays as put while the table answers
        row.append(button);
      }
      item.append(" ", row);
      return item;
    }) : [element("li", "muted", strings.noFrameSuggestions)]));
  };
}
