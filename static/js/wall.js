// The projected wall: read-only and large. In Welkom it shows how to join; from
// Inbreng on, the arguments live in three columns that shrink their type as they
// fill and scroll by themselves when they overflow (a projector has no mouse user).
import { argumentCard, reactionSummary } from "./argument_card.js";
import { startLive } from "./live.js";

const FRESH_MS = 8000;
const seen = new Set();
let firstDraw = true;

const live = startLive({ render });

function render(state, strings) {
  const phaseIndex = state.phases.indexOf(state.phase);
  const collecting = phaseIndex >= state.phases.indexOf("inbreng");
  document.querySelector("[data-join-panel]").hidden = state.phase !== "welkom";
  document.querySelector("[data-argument-wall]").hidden = !collecting;
  document.body.classList.toggle("wall-compact", state.phase !== "welkom");
  if (!collecting) return;

  const visible = state.arguments.filter((a) => a.visible);
  document.body.dataset.density = visible.length > 120 ? "3" : visible.length > 60 ? "2" : visible.length > 24 ? "1" : "0";
  for (const column of document.querySelectorAll("[data-column]")) {
    const stance = column.dataset.column;
    const cards = visible.filter((a) => a.stance === stance)
      .sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.id - b.id)
      .map((argument) => {
        const card = argumentCard(argument, strings);
        if (state.phase === "afwegen") card.append(Object.assign(document.createElement("p"), {
          className: "argument-reactions", textContent: reactionSummary(argument, strings) }));
        if (!firstDraw && !seen.has(argument.id)) {
          card.classList.add("fresh");
          setTimeout(() => card.classList.remove("fresh"), FRESH_MS);
        }
        return card;
      });
    column.replaceChildren(...cards);
    document.querySelector(`[data-column-count="${stance}"]`).textContent = String(cards.length);
  }
  for (const argument of visible) seen.add(argument.id);
  firstDraw = false;
}

// Scroll overflowing columns slowly down, rest at the end, and start again.
const scrollers = new Map();
setInterval(() => {
  for (const column of document.querySelectorAll("[data-column]")) {
    const overflow = column.scrollHeight - column.clientHeight;
    if (overflow <= 0) continue;
    const s = scrollers.get(column) || { pause: 40 };
    scrollers.set(column, s);
    if (s.pause > 0) {
      s.pause -= 1;
      continue;
    }
    if (column.scrollTop >= overflow - 1) {
      column.scrollTop = 0;
      s.pause = 60;
    } else {
      column.scrollTop += 1;
      if (column.scrollTop >= overflow - 1) s.pause = 60;
    }
  }
}, 50);

export { live };
