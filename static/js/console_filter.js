// A filter bar over one of the console's long lists (templates/table/_argument_filter.html).
// What matches is decided by argument_filter.js; a list hides what does not match rather
// than leaving it out, so what was typed into a hidden card is still there afterwards.
import { format } from "./live.js";

export function setUpFilter(name, strings, onChange) {
  const box = document.querySelector(`[data-filter=${name}]`);
  const field = (key) => box.querySelector(`[name=${key}]`);
  // Only "input" (a select and a checkbox send it too): the "change" a search field sends
  // when it loses focus would redraw the list under the control being clicked next.
  box.addEventListener("input", onChange);
  return {
    current() {
      const ungrouped = field("ungrouped_only");
      return { stance: field("stance").value, text: field("text").value, ungroupedOnly: Boolean(ungrouped && ungrouped.checked) };
    },
    // "12 of 40 shown" while filtering; nothing when every argument shows.
    count(shown, total, filtering) {
      const text = !filtering ? "" : shown ? format(strings.filterCount, { shown, total }) : strings.noMatch;
      const line = box.querySelector("[data-filter-count]");
      if (line.textContent !== text) line.textContent = text;
    },
  };
}
