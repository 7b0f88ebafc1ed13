// The phone's Kaders: answer the proposed frame on the five steps (the frame card shows
// it), and suggest a goal or a condition for the facilitator to take into the frame.
import { setUpSignalForm } from "./signal_form.js";

export function setUpFrameConsent(live) {
  const strings = live.strings;
  const section = document.querySelector("[data-frame-signal-section]");
  const template = section.querySelector("[data-frame-signal-template]");
  let renderForm = null; // the form of five answers, while it is in place

  function placeForm() {
    const form = template.content.firstElementChild.cloneNode(true);
    template.after(form);
    return setUpSignalForm(live, form, {
      event: "give_frame_signal",
      storageKey: `buurttafel:frame-signal:${live.config.table}:${live.config.participant}`,
      round: (state) => {
        const latest = state.frame_consent && state.frame_consent.latest;
        return latest && { number: latest.number, open: latest.open, mine: state.me.frame_signal };
      },
    });
  }

  const suggest = document.querySelector("[data-frame-suggest-form]");
  const suggestStatus = suggest.querySelector("[data-suggest-status]");
  const suggestError = suggest.querySelector("[data-suggest-error]");
  suggest.addEventListener("input", () => { suggestError.textContent = ""; });
  suggest.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ack = await live.send("suggest_for_frame", { kind: suggest.elements.kind.value, text: suggest.elements.text.value });
    suggestError.textContent = ack.ok ? "" : ack.message;
    suggestStatus.textContent = ack.ok ? strings.suggestionSent : "";
    if (ack.ok) suggest.elements.text.value = "";
    else suggest.elements.text.focus();
  });

  return function render(state) {
    const latest = state.frame_consent && state.frame_consent.latest;
    const kaders = state.phase === "kaders";
    section.hidden = !kaders || !latest;
    document.querySelector("[data-frame-suggest-section]").hidden = !kaders;
    if (section.hidden) {
      // Out of Kaders the form goes; an answer half typed is kept in storage for its round.
      if (renderForm) section.querySelector("[data-signal-form]").remove();
      renderForm = null;
      return;
    }
    renderForm = renderForm || placeForm();
    const closed = section.querySelector("[data-frame-signal-closed]");
    closed.hidden = latest.open;
    closed.textContent = latest.outcome ? strings.outcomes[latest.outcome] : "";
    renderForm(state);
  };
}
