// The console's latecomers block: one button puts the join QR code large on the wall (in any
// phase) and takes it away again. The wall's overlay is table state, so it survives a reload.
export function setUpJoinQr(live, act) {
  const toggle = document.querySelector("[data-join-qr-toggle]");
  const status = document.querySelector("[data-join-qr-status]");
  let shown = false;
  toggle.addEventListener("click", () => act("show_join_qr", { shown: !shown }));

  return function render(state, strings) {
    shown = Boolean(state.join_qr_shown);
    toggle.textContent = shown ? toggle.dataset.hideText : toggle.dataset.showText;
    toggle.classList.toggle("primary", !shown);
    toggle.disabled = Boolean(state.closed);
    const text = shown ? strings.joinQrOnWall : "";
    if (status.textContent !== text) status.textContent = text;
  };
}
