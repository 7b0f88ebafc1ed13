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

// Lists the server redraws on every change (a new argument, a reaction) must not wipe
// what the facilitator is typing in them — and not only in the field that has focus:
// a hide reason half typed before reaching for the mouse, or an option's title while
// the cursor is already in its cost. Every change typed into such a list is kept by
// the control's id and put back after each redraw, until the server's value becomes
// what was typed (saved) or moves away from what it was when the typing began
// (somebody else changed it: theirs wins), or the control is gone (hidden, merged).
const TYPED = "textarea, select, input:not([type=checkbox]):not([type=radio]):not([type=hidden])";
const draftsByContainer = new WeakMap();

function draftsOf(container) {
  let drafts = draftsByContainer.get(container);
  if (!drafts) {
    drafts = { typed: new Map(), rendered: new Map() };
    const kept = drafts;
    container.addEventListener("input", ({ target }) => {
      if (!target.id || !target.matches(TYPED)) return;
      const earlier = kept.typed.get(target.id);
      kept.typed.set(target.id, { base: earlier ? earlier.base : kept.rendered.get(target.id) ?? "", value: target.value });
    });
    draftsByContainer.set(container, drafts);
  }
  return drafts;
}

function putDraftsBack(container, drafts) {
  const rendered = new Map([...container.querySelectorAll(TYPED)].filter((c) => c.id).map((c) => [c.id, c.value]));
  for (const [id, draft] of drafts.typed) {
    const now = rendered.get(id);
    if (now === undefined || now === draft.value || now !== draft.base) {
      drafts.typed.delete(id);
      continue;
    }
    const control = document.getElementById(id);
    control.value = draft.value;
    if (control.value !== draft.value) drafts.typed.delete(id); // a choice that no longer exists
  }
  drafts.rendered = rendered;
}

// The ids of the controls in `container` with typing not saved yet: a list that draws
// only part of its items keeps drawing (if hidden) the ones these belong to.
export function typedControlIds(container) {
  return new Set(draftsOf(container).typed.keys());
}

// Redraw a part of the page without taking away the keyboard focus or what the
// person was typing: the focused control is found again by its id afterwards.
export function keepingFocus(container, redraw) {
  const drafts = draftsOf(container);
  const active = document.activeElement;
  const id = active && active.id && container.contains(active) ? active.id : null;
  const typing = id && active.matches(TYPED) && active.tagName !== "SELECT";
  const typed = typing ? { value: active.value, start: active.selectionStart, end: active.selectionEnd } : null;
  redraw();
  putDraftsBack(container, drafts);
  const again = id && document.getElementById(id);
  if (!again) return;
  if (typed) {
    again.value = typed.value;
    if (again.setSelectionRange && typed.start !== null) again.setSelectionRange(typed.start, typed.end);
  }
  again.focus();
}
