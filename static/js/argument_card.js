// One argument as a list item: stance, text, and the marks every screen shows.
import { format } from "./live.js";

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function argumentCard(argument, strings) {
  const item = element("li", `argument stance-${argument.stance}${argument.pinned ? " pinned" : ""}`);
  item.dataset.argumentId = argument.id;
  const head = element("p", "argument-meta");
  head.append(element("span", `stance-badge stance-${argument.stance}`, strings.stances[argument.stance]));
  if (argument.pinned) head.append(" ", element("span", "mark", strings.pinned));
  if (argument.via_facilitator) head.append(" ", element("span", "mark", strings.viaFacilitator));
  if (argument.supporters > 1) head.append(" ", element("span", "mark", format(strings.supporters, { count: argument.supporters })));
  item.append(head, element("p", "argument-text", argument.text));
  return item;
}

export function reactionSummary(argument, strings) {
  const r = argument.reactions;
  return format(strings.reactionSummary, { agree: r.agree, disagree: r.disagree, pass: r.pass });
}

// Redraw a part of the page without taking away the keyboard focus or what the
// person was typing: the focused control is found again by its id afterwards.
export function keepingFocus(container, redraw) {
  const active = document.activeElement;
  const id = active && active.id && container.contains(active) ? active.id : null;
  const typing = id && (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && active.type !== "checkbox"));
  const typed = typing ? { value: active.value, start: active.selectionStart, end: active.selectionEnd } : null;
  redraw();
  const again = id && document.getElementById(id);
  if (!again) return;
  if (typed) {
    again.value = typed.value;
    if (again.setSelectionRange && typed.start !== null) again.setSelectionRange(typed.start, typed.end);
  }
  again.focus();
}
