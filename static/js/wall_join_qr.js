// The wall's join QR overlay for latecomers: shown while the table state says so (the
// console's "Show the QR code on the wall"), over any phase. It draws itself from the
// state live.js announces after each redraw, so wall.js only imports it.
const overlay = document.querySelector("[data-join-qr-overlay]");

if (overlay) {
  document.addEventListener("table-state", ({ detail: { state } }) => {
    // A closed table takes no latecomers: the wall shows its minutes.
    const shown = Boolean(state.join_qr_shown) && !state.closed;
    if (overlay.hidden === !shown) return;
    overlay.hidden = !shown;
    document.body.classList.toggle("join-qr-shown", shown);
  });
}
