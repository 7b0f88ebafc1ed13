// Which panel of the console a phase puts in front, and when the console follows the
// phase by itself. No `document`: node --test checks it.

const PANEL_OF_PHASE = {
  welkom: "welkom", kaders: "kaders", inbreng: "arguments", ordenen: "ordenen",
  afwegen: "arguments", verdelen: "verdelen", besluiten: "besluiten", afgerond: "afgerond",
};

export function panelForPhase(phase) {
  return PANEL_OF_PHASE[phase] || "welkom";
}

// When the phase changes the console shows its panel, unless the facilitator opened
// another panel by hand and is typing in it: that panel stays, and its text with it.
export function followsPhase({ shown, chosenByHand, typingInShown }) {
  if (!shown) return true;
  return !(chosenByHand && typingInShown);
}

// The tab a key moves to among the tabs that are there (arrows wrap, Home and End).
export function tabAfterKey(key, current, available) {
  const at = available.indexOf(current);
  if (!available.length) return null;
  if (key === "Home") return available[0];
  if (key === "End") return available[available.length - 1];
  if (key === "ArrowRight") return available[(at + 1) % available.length];
  if (key === "ArrowLeft") return available[(at - 1 + available.length) % available.length];
  return null;
}
