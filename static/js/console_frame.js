// The console's Kaders form: the table's frame, saved as a whole.
const FIELDS = ["goals", "roles", "conditions"];
const CHOICES = ["ballot_form", "rule", "consensus_rule"];

export function setUpFrame(live, act) {
  const form = document.querySelector("[data-frame-form]");
  const status = document.querySelector("[data-frame-status]");
  let shownFrame = null; // the frame as last put into the form
  let edited = false;    // the facilitator changed the form and has not saved yet

  // Each rule's one-sentence explanation: the chosen one's shows under its choices.
  function explain() {
    for (const line of form.querySelectorAll("[data-explains]")) {
      line.hidden = form.elements[line.dataset.explains].value !== line.dataset.value;
    }
  }
  form.addEventListener("change", explain);
  form.addEventListener("input", () => { edited = true; });
  async function save() {
    const payload = {};
    for (const name of FIELDS) payload[name] = form.elements[name].value;
    for (const name of CHOICES) payload[name] = form.elements[name].value;
    const ack = await act("save_frame", payload);
    if (ack.ok) {
      edited = false;
      status.textContent = live.strings.frameSaved;
    }
    return ack;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save();
  });

  function render(state) {
    // Another window's save shows here, unless this one has unsaved changes.
    if (edited || JSON.stringify(state.frame) === JSON.stringify(shownFrame)) return;
    shownFrame = state.frame;
    for (const name of FIELDS) form.elements[name].value = state.frame[name];
    for (const name of CHOICES) form.elements[name].value = state.frame[name];
    explain();
  }
  // What is put to the table is the saved draft: unsaved changes are saved first.
  render.saveIfEdited = () => (edited ? save() : Promise.resolve({ ok: true }));
  return render;
}
