// The console's Minutes section, in Afgerond: the wall shows the draft; the facilitator
// confirms it (closing the table) or reopens a closed table for a correction.
export function setUpMinutes(live, act) {
  const section = document.querySelector("[data-minutes-section]");
  const closeButton = section.querySelector("[data-close-table]");
  const reopenButton = section.querySelector("[data-reopen-table]");
  // The buttons wait for the answer, so a double click cannot act twice.
  async function once(button, name) {
    button.disabled = true;
    try {
      await act(name, {});
    } finally {
      button.disabled = false;
    }
  }
  closeButton.addEventListener("click", () => once(closeButton, "close_table"));
  reopenButton.addEventListener("click", () => once(reopenButton, "reopen_table"));

  return function render(state) {
    section.hidden = state.phase !== "afgerond" && !state.closed;
    section.querySelector("[data-minutes-draft]").hidden = state.closed;
    section.querySelector("[data-minutes-final]").hidden = !state.closed;
    closeButton.hidden = state.closed;
    reopenButton.hidden = !state.closed;
  };
}
