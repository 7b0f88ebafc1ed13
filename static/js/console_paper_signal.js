// Answers from paper on the five steps, for the frame (Kaders) and a proposal (Besluiten):
// one form, the event named on it.
export function setUpPaperSignals(live, act) {
  for (const form of document.querySelectorAll("[data-paper-signal-form]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = form.querySelector("[data-paper-signal-status]");
      const ack = await act(form.dataset.paperSignalForm, {
        paper_label: form.elements.paper_label.value,
        level: Number(form.elements.level.value),
        reason: form.elements.reason.value || null,
      });
      status.textContent = ack.ok ? live.strings.paperSignalSaved : "";
      if (ack.ok) {
        form.reset();
        form.elements.paper_label.focus();
      }
    });
  }
}
