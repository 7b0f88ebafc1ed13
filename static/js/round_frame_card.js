// Draws templates/table/_round_frame.html from roundFrameView; live.js calls it on
// every page with the card (console, phone, wall). Empty texts leave their line out.
import { roundFrameView } from "./round_frame_view.js";

export function renderRoundFrame(state, strings, euros) {
  const card = document.querySelector("[data-round-frame]");
  if (!card) return;
  const view = roundFrameView(state, strings, euros);
  card.hidden = !view.visible;
  if (!view.visible) return;
  for (const field of card.querySelectorAll("[data-round-frame-field]")) {
    const text = view.fields[field.dataset.roundFrameField] || "";
    if (field.textContent !== text) field.textContent = text;
    field.hidden = !text;
    const label = card.querySelector(`[data-round-frame-label="${field.dataset.roundFrameField}"]`);
    if (label) label.hidden = !text;
  }
}
