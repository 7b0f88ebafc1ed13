// The console's part of Inbreng and Afwegen: typing in arguments for people without
// a phone, opening and closing input, and moderating: hide (with a reason), show
// again, correct, pin, merge duplicates.
import { argumentCard, element, keepingFocus, reactionSummary, typedControlIds } from "./argument_card.js";
import { isFiltering, matchesArgument } from "./argument_filter.js";
import { setUpFilter } from "./console_filter.js";
import { format } from "./live.js";
import { absorbedBy, moderatedArguments } from "./moderation_state.js";
import { newClientId, storedDraft } from "./outbox.js";

// A control with a label only screen readers need (the card around it says what it is for).
function labelled(parent, control, id, text) {
  const label = element("label", "sr-only", text);
  label.htmlFor = control.id = id;
  parent.append(label, control);
  return control;
}

export function setUpArguments(live, act) {
  const strings = live.strings;
  const form = document.querySelector("[data-capture-form]");
  const toggle = document.querySelector("[data-toggle-input]");
  let editing = null;
  // A list of 200 cards, each with a merge list of 199, takes seconds to draw on a tablet:
  // the newest cards that match the filter are drawn, more on request.
  const PAGE = 50;
  let limit = PAGE;
  let mergeChoices = null; // the merge list, built once per drawing and copied into each card
  const filter = setUpFilter("moderation", strings, () => { limit = PAGE; drawList(live.getState()); });
  const more = document.querySelector("[data-more-arguments]");
  more.addEventListener("click", () => { limit += PAGE; drawList(live.getState()); });

  toggle.addEventListener("click", () => act("set_input_open", { open: !live.getState().input_open }));

  // A paper card half typed in survives a reload of the console, and so does the id of
  // its last try: if that try reached the server just before the Wi-Fi dropped, sending
  // it again after the reload confirms it instead of putting it on the wall twice.
  const stored = storedDraft(`buurttafel:capture:${live.config.table}`);
  function keepDraft() {
    const draft = { text: form.elements.text.value, stance: form.elements.stance.value,
      client_id: form.dataset.clientId || null };
    stored.save(draft.text || draft.client_id ? draft : null);
  }
  const kept = stored.load();
  if (kept) {
    form.elements.text.value = kept.text || "";
    if (kept.stance) form.elements.stance.value = kept.stance;
    if (kept.client_id) form.dataset.clientId = kept.client_id;
  }
  form.addEventListener("input", keepDraft);
  form.addEventListener("change", keepDraft);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = form.elements.text.value;
    // The id is kept until the server confirms, so a retry never adds it twice.
    form.dataset.clientId = form.dataset.clientId || newClientId();
    keepDraft();
    const ack = await act("capture_argument", {
      client_id: form.dataset.clientId, stance: form.elements.stance.value, text });
    if (ack.ok) {
      delete form.dataset.clientId;
      form.elements.text.value = "";
      keepDraft();
      form.elements.text.focus();
    }
  });

  function controls(argument, visible) {
    const box = element("div", "moderation");
    const add = (label, handler) => {
      const b = element("button", "button small", label);
      b.type = "button";
      b.addEventListener("click", handler);
      box.append(b);
      return b;
    };
    if (argument.hidden_reason) {
      add(strings.unhide, () => act("unhide_argument", { argument_id: argument.id }));
      return box;
    }
    if (argument.merge_undoable) {
      add(strings.undoMerge, () => act("undo_merge", { argument_id: argument.id }));
      return box;
    }
    if (!argument.visible) return box;
    add(argument.pinned ? strings.unpin : strings.pin,
      () => act("pin_argument", { argument_id: argument.id, pinned: !argument.pinned }));
    add(strings.edit, () => { editing = argument.id; live.redraw(); });

    const reason = labelled(box, element("input"), `reason-${argument.id}`, strings.reason);
    reason.placeholder = strings.reason;
    add(strings.hide, () => act("hide_argument", { argument_id: argument.id, reason: reason.value }));

    if (visible.length > 1) {
      const select = labelled(box, mergeChoices.cloneNode(true), `merge-${argument.id}`, strings.mergeInto);
      select.querySelector(`option[value="${argument.id}"]`).remove();
      add(strings.merge, () => select.value &&
        act("merge_arguments", { source_id: argument.id, target_id: Number(select.value) }));
    }
    return box;
  }

  // What a kept card absorbed by merging: "samengevoegd met 2 andere argumenten", and their
  // words. Opened, it stays open across the redraws every new argument causes.
  const openAbsorbed = new Set();
  function absorbedList(keptId, absorbed) {
    const details = element("details", "absorbed");
    details.open = openAbsorbed.has(keptId);
    details.addEventListener("toggle", () => {
      if (details.open) openAbsorbed.add(keptId); else openAbsorbed.delete(keptId);
    });
    details.append(element("summary", "", absorbed.length === 1 ? strings.absorbedOne
      : format(strings.absorbedMany, { count: absorbed.length })));
    const list = element("ul");
    list.append(...absorbed.map((a) => element("li", "", `#${a.id} ${a.text}`)));
    details.append(list);
    return details;
  }

  function editor(argument) {
    const box = element("form", "moderation");
    const text = labelled(box, element("textarea"), `edit-${argument.id}`, strings.edit);
    text.value = argument.text;
    text.rows = 3;
    const stance = element("select");
    stance.setAttribute("aria-label", strings.stances[argument.stance]);
    for (const value of ["voor", "tegen", "idee"]) {
      const option = element("option", "", strings.stances[value]);
      option.value = value;
      option.selected = value === argument.stance;
      stance.append(option);
    }
    const save = element("button", "button small primary", strings.save);
    const cancel = element("button", "button small", strings.cancel);
    cancel.type = "button";
    cancel.addEventListener("click", () => { editing = null; live.redraw(); });
    box.addEventListener("submit", async (event) => {
      event.preventDefault();
      const ack = await act("correct_argument", { argument_id: argument.id, text: text.value, stance: stance.value });
      if (ack.ok) { editing = null; live.redraw(); }
    });
    box.append(stance, save, cancel);
    return box;
  }

  function mergeList(visible) {
    const select = element("select");
    select.append(Object.assign(element("option", "", strings.mergeInto), { value: "" }),
      ...visible.map((other) => Object.assign(element("option", "", `#${other.id} ${other.text.slice(0, 60)}`), { value: other.id })));
    return select;
  }

  return function render(state) {
    document.querySelector("[data-input-state]").textContent = state.input_open ? strings.inputOpen : strings.inputClosed;
    toggle.textContent = state.input_open ? strings.closeInput : strings.openInput;
    drawList(state);
  };

  function drawList(state) {
    const visible = state.arguments.filter((a) => a.visible);
    document.querySelector("[data-argument-count]").textContent = String(visible.length);
    const list = document.querySelector("[data-moderation-list]");
    const shown = filter.current();
    // Arguments waiting for approval are in the queue above, not in this list.
    const listed = moderatedArguments(state);
    const matching = listed.filter((argument) => matchesArgument(argument, shown)).reverse();
    const drawn = new Set(matching.slice(0, limit).map((a) => a.id));
    // A card with something typed in it stays drawn, hidden if out of the filter or page,
    // so what was typed is still there when it shows again.
    const typed = [...typedControlIds(list)];
    const typedIn = (argument) => typed.some((id) => id.endsWith(`-${argument.id}`));
    mergeChoices = mergeList(visible);
    keepingFocus(list, () => list.replaceChildren(...listed.slice().reverse()
      .filter((argument) => drawn.has(argument.id) || editing === argument.id || typedIn(argument)).map((argument) => {
      const card = argumentCard(argument, strings);
      card.hidden = !drawn.has(argument.id);
      card.classList.toggle("is-hidden", !argument.visible);
      const who = argument.author
        ? format(strings.author, { name: argument.author.display_name || format(strings.anonymous, { number: argument.author.number }) })
        : strings.viaFacilitator;
      card.append(element("p", "status", `#${argument.id} · ${who} · ${reactionSummary(argument, strings)}`));
      if (argument.hidden_reason) card.append(element("p", "status error", format(strings.hidden, { reason: argument.hidden_reason })));
      else if (argument.withdrawn) card.append(element("p", "status", strings.withdrawn));
      else if (argument.merged_into_id) card.append(element("p", "status", `${strings.merged} (#${argument.merged_into_id})`));
      const absorbed = absorbedBy(state, argument.id);
      if (absorbed.length) card.append(absorbedList(argument.id, absorbed));
      card.append(editing === argument.id ? editor(argument) : controls(argument, visible));
      return card;
    })));
    filter.count(matching.length, listed.length, isFiltering(shown));
    more.hidden = matching.length <= limit;
    more.textContent = format(strings.moreArguments, { count: matching.length - limit });
  }
}
