// The five answers and the reason, one form wherever the table is asked: a proposal in
// Besluiten (give_signal) or the frame in Kaders (give_frame_signal). The reason field
// shows once an answer has something to say; an objection without a reason is stopped
// here, with the server's own words, before anything is sent.
import { storedDraft } from "./outbox.js";
import { reasonView } from "./phone_views.js";

// `round(state)`: {number, open, mine} of the round being answered, or null.
export function setUpSignalForm(live, form, { event, storageKey, round }) {
  const strings = live.strings;
  // An answer being changed (a reason half typed) is kept across a reload, for this round.
  const stored = storedDraft(storageKey);
  const error = form.querySelector("[data-signal-error]");
  const status = form.querySelector("[data-signal-status]");
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
    error.textContent = ""; // what it said is being mended
    const current = round(live.getState());
    if (current) stored.save({ round: current.number, level: chosenLevel(), reason: form.elements.reason.value });
  });

  form.addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    const view = showReason();
    const level = chosenLevel();
    if (level === null || view.missing) {
      error.textContent = level === null ? strings.chooseAnswer : strings.objectionNeedsReason;
      status.textContent = "";
      (level === null ? form.querySelector("input[name=level]") : form.elements.reason).focus();
      return;
    }
    const reason = view.shown ? form.elements.reason.value || null : null;
    const ack = await live.send(event, { level, reason });
    if (ack.ok) stored.save(null);
    error.textContent = ack.ok ? "" : ack.message;
    status.textContent = ack.ok ? strings.signalSaved : "";
  });

  return function render(state) {
    const current = round(state);
    form.hidden = !current || !current.open;
    // Fill the form only when a new round opens or the saved answer changes: other
    // people's answers arriving must not undo what this person is choosing or typing.
    if (form.hidden) return;
    const key = JSON.stringify([current.number, current.mine]);
    if (key === shownFor) return;
    shownFor = key;
    const draft = stored.load();
    if (draft && draft.round === current.number) fill(draft.level, draft.reason);
    else if (current.mine) fill(current.mine.level, current.mine.reason);
    else fill(null, "");
  };
}
