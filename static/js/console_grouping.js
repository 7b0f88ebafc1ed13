// The console's Ordenen board: arguments into groups by drag and drop (SortableJS,
// mouse and touch) and, just as completely, by keyboard: select with checkboxes, then
// "Move to…" or "New group from selection". Groups become costed options.
import Sortable from "../vendor/sortablejs-1.15.7/sortable.esm.js";
import { element, keepingFocus } from "./argument_card.js";
import { groupedIds, isFiltering, matchesArgument } from "./argument_filter.js";
import { setUpFilter } from "./console_filter.js";
import { euros, format, groupName, phaseRules } from "./live.js";
import { attachMoneyPreview } from "./money_field.js";
import { amountFormatter } from "./table_state.js";

const amount = amountFormatter(document.documentElement.lang);

export function setUpGrouping(live, act) {
  const strings = live.strings;
  const board = document.querySelector("[data-grouping]");
  const selected = new Set();
  // Group cards are compact: a group's name, option and cost are folded until needed.
  // Which ones are open survives the board being redrawn.
  const openEditors = new Set();
  const filter = setUpFilter("grouping", strings, () => keepingFocus(board, () => draw(live.getState())));
  let shownFilter = filter.current();
  let grouped = new Set();

  const nameOf = (cluster) => groupName(cluster, strings);

  board.querySelector("[data-move]").addEventListener("click", () => {
    if (!selected.size) return;
    const target = board.querySelector("[data-move-target]").value;
    act("move_arguments", { argument_ids: [...selected], cluster_id: target === "none" ? null : Number(target) })
      .then((ack) => ack.ok && (selected.clear(), live.redraw()));
  });
  board.querySelector("[data-new-cluster]").addEventListener("click", () => {
    // A new group is named next: its editor opens.
    act("create_cluster", selected.size ? { argument_ids: [...selected] } : {})
      .then((ack) => ack.ok && (openEditors.add(ack.cluster_id), selected.clear(), live.redraw()));
  });
  board.querySelector("[data-undo]").addEventListener("click", () => act("undo_cluster_change"));

  // Suggestions are proposals: shown one by one, applied only when accepted.
  const suggestionBox = board.querySelector("[data-suggestions]");
  const suggestionList = board.querySelector("[data-suggestion-list]");
  let suggestionNumber = 0;
  board.querySelector("[data-suggest]").addEventListener("click", async () => {
    const ack = await act("suggest_clusters");
    if (!ack.ok) return;
    suggestionBox.hidden = false;
    const texts = textsById();
    suggestionList.replaceChildren(...(ack.suggestions.length ? ack.suggestions.map((suggestion) => {
      const item = element("li", "suggestion");
      // The proposed name is only a start: the facilitator edits it before accepting.
      const id = `suggested-name-${++suggestionNumber}`;
      const label = element("label", "", strings.suggestedName);
      label.htmlFor = id;
      const name = element("input");
      name.id = id;
      name.value = suggestion.name;
      name.maxLength = 120;
      const members = element("ul");
      members.append(...suggestion.argument_ids.map((argumentId) => element("li", "", texts.get(argumentId) || `#${argumentId}`)));
      const reject = element("button", "button small", strings.reject);
      reject.type = "button";
      reject.addEventListener("click", () => item.remove());
      const accept = element("button", "button small primary", strings.accept);
      accept.type = "button";
      accept.addEventListener("click", async () => {
        // One click, one group: a second click before the answer must not make another.
        accept.disabled = reject.disabled = true;
        const done = await act("create_cluster", { name: name.value, argument_ids: suggestion.argument_ids });
        if (done.ok) item.remove();
        else accept.disabled = reject.disabled = false;
      });
      item.append(label, name, members, accept, " ", reject);
      return item;
    }) : [element("li", "muted", strings.noSuggestions)]));
  });

  // "Where do the rest go": a proposed group (and a second choice) for each argument not
  // grouped yet. Accepting moves it, as a drag would; "Accept all" is one change, so one
  // Undo takes it back. A proposal whose argument was grouped meanwhile disappears (draw).
  const placementBox = board.querySelector("[data-placements]");
  const placementList = board.querySelector("[data-placement-list]");
  const acceptAll = board.querySelector("[data-accept-all-placements]");
  const clusterName = (clusterId) => {
    const cluster = live.getState().clusters.find((c) => c.id === clusterId);
    return cluster ? nameOf(cluster) : `#${clusterId}`;
  };
  board.querySelector("[data-suggest-placements]").addEventListener("click", async () => {
    const ack = await act("suggest_placements");
    if (!ack.ok) return;
    placementBox.hidden = false;
    const texts = textsById();
    const items = ack.placements.map((placement) => placementItem(placement, texts.get(placement.argument_id)));
    placementList.replaceChildren(...(items.length ? items : [element("li", "muted", strings.noPlacements)]));
    acceptAll.hidden = !items.length;
  });
  acceptAll.addEventListener("click", async () => {
    const items = [...placementList.querySelectorAll("[data-placement]")];
    if (!items.length) return;
    acceptAll.disabled = true;
    // {argument id: cluster id}: one place per argument by the payload's shape.
    const placements = Object.fromEntries(items.map((item) => [item.dataset.argumentId, Number(item.dataset.clusterId)]));
    const done = await act("place_arguments", { placements });
    acceptAll.disabled = false;
    if (done.ok) clearPlacements();
  });

  function placementItem(placement, text) {
    const item = element("li", "suggestion placement");
    item.dataset.placement = "";
    item.dataset.argumentId = placement.argument_id;
    item.dataset.clusterId = placement.cluster_id;
    const textId = `placement-${placement.argument_id}`;
    const quote = element("p", "placement-text", text || `#${placement.argument_id}`);
    quote.id = textId;
    item.append(quote);
    const choices = [[placement.cluster_id, strings.placeInto, "button small primary"]];
    if (placement.second_cluster_id !== null) choices.push([placement.second_cluster_id, strings.orInto, "button small"]);
    const buttons = [];
    for (const [clusterId, wording, className] of choices) {
      const button = element("button", className, format(wording, { group: clusterName(clusterId) }));
      button.type = "button";
      button.setAttribute("aria-describedby", textId);
      button.addEventListener("click", async () => {
        for (const b of buttons) b.disabled = true;
        const done = await act("move_arguments", { argument_ids: [placement.argument_id], cluster_id: clusterId });
        if (done.ok) removePlacement(item);
        else for (const b of buttons) b.disabled = false;
      });
      buttons.push(button);
    }
    const reject = element("button", "button small", strings.reject);
    reject.type = "button";
    reject.setAttribute("aria-describedby", textId);
    reject.addEventListener("click", () => removePlacement(item));
    buttons.push(reject);
    const row = element("div", "inline-row");
    row.append(...buttons);
    item.append(row);
    return item;
  }

  function removePlacement(item) {
    item.remove();
    if (!placementList.querySelector("[data-placement]")) clearPlacements();
  }

  function clearPlacements() {
    placementList.replaceChildren();
    placementBox.hidden = true;
    acceptAll.hidden = true;
  }

  function textsById() {
    return new Map(live.getState().arguments.map((a) => [a.id, a.text]));
  }

  function argumentItem(argument) {
    const item = element("li", `group-item stance-${argument.stance}`);
    item.dataset.argumentId = argument.id;
    item.hidden = !matchesArgument(argument, shownFilter, grouped);
    const box = element("input");
    box.type = "checkbox";
    box.id = `select-${argument.id}`;
    box.checked = selected.has(argument.id);
    box.addEventListener("change", () => {
      if (box.checked) selected.add(argument.id);
      else selected.delete(argument.id);
      updateSelection();
    });
    const label = element("label", "", `${strings.stances[argument.stance]}: ${argument.text}`);
    label.htmlFor = box.id;
    item.append(box, label);
    return item;
  }

  function list(key, arguments_) {
    const ul = element("ul", "group-list");
    ul.dataset.list = key;
    ul.append(...arguments_.map(argumentItem));
    Sortable.create(ul, {
      group: "arguments",
      animation: 120,
      // Pointer events rather than the browser's own drag and drop: the same path for
      // mouse and touch, and it works on tablets that have no native drag.
      forceFallback: true,
      // On a touch screen a swipe scrolls; a finger held still for a moment picks up.
      delay: 150,
      delayOnTouchOnly: true,
      // AutoScroll (mounted in the vendored build): held near the window's edge, or a
      // list's, the drag scrolls on to a group that was off-screen.
      scroll: true,
      bubbleScroll: true,
      scrollSensitivity: 70,
      scrollSpeed: 18,
      filter: "input",
      preventOnFilter: false,
      onEnd(event) {
        if (event.from === event.to) return;
        const target = event.to.dataset.list;
        act("move_arguments", { argument_ids: [Number(event.item.dataset.argumentId)],
          cluster_id: target === "none" ? null : Number(target) });
      },
    });
    return ul;
  }

  function labelledInput(parent, id, text, value, type = "text") {
    const label = element("label", "", text);
    label.htmlFor = id;
    const input = element(type === "textarea" ? "textarea" : "input");
    if (type !== "textarea") input.type = type;
    input.id = id;
    input.value = value ?? "";
    parent.append(label, input);
    return input;
  }

  function clusterCard(cluster, index, clusters, argumentsById, option) {
    const card = element("section", "group-card");
    card.setAttribute("aria-labelledby", `group-${cluster.id}`);
    const head = element("div", "group-head");
    const heading = element("h3", "", `${nameOf(cluster)} (${cluster.argument_ids.length})`);
    heading.id = `group-${cluster.id}`;
    head.append(heading);
    const order = clusters.map((c) => c.id);
    for (const [label, arrow, shift] of [[strings.moveUp, "↑", -1], [strings.moveDown, "↓", 1]]) {
      const to = index + shift;
      if (to < 0 || to >= order.length) continue;
      const button = element("button", "button small icon", arrow);
      button.type = "button";
      button.setAttribute("aria-label", `${label}: ${nameOf(cluster)}`);
      button.title = label;
      button.addEventListener("click", () => {
        [order[index], order[to]] = [order[to], order[index]];
        act("reorder_clusters", { cluster_ids: order });
      });
      head.append(button);
    }
    // The name, the option and its cost fold away under one button until needed.
    const editor = element("div", "group-edit");
    editor.id = `group-edit-${cluster.id}`;
    editor.hidden = !openEditors.has(cluster.id);
    const toggle = element("button", "button small icon", "✎");
    toggle.title = strings.edit;
    toggle.type = "button";
    toggle.setAttribute("aria-label", `${strings.edit}: ${nameOf(cluster)}`);
    toggle.setAttribute("aria-controls", editor.id);
    toggle.setAttribute("aria-expanded", String(!editor.hidden));
    toggle.addEventListener("click", () => {
      editor.hidden = !editor.hidden;
      toggle.setAttribute("aria-expanded", String(!editor.hidden));
      if (editor.hidden) openEditors.delete(cluster.id);
      else openEditors.add(cluster.id);
    });
    head.append(toggle);
    card.append(head);
    if (option) card.append(element("p", "option-line", `${option.title} · ${euros(option.cost_cents)}`));

    card.append(list(String(cluster.id), cluster.argument_ids.map((id) => argumentsById.get(id)).filter(Boolean)));
    card.append(editor);

    const rename = element("form", "inline-row");
    const name = labelledInput(rename, `name-${cluster.id}`, strings.groupName, cluster.name);
    rename.append(element("button", "button small", strings.rename));
    rename.addEventListener("submit", (e) => { e.preventDefault(); act("rename_cluster", { cluster_id: cluster.id, name: name.value }); });
    editor.append(rename);

    const others = clusters.filter((c) => c.id !== cluster.id);
    const tools = element("div", "inline-row");
    if (others.length && !option) {
      const select = element("select");
      select.id = `merge-group-${cluster.id}`;
      const label = element("label", "sr-only", strings.mergeGroupInto);
      label.htmlFor = select.id;
      select.append(...[[ "", strings.mergeGroupInto ], ...others.map((c) => [c.id, nameOf(c)])]
        .map(([value, text]) => Object.assign(element("option", "", text), { value })));
      const merge = element("button", "button small", strings.merge);
      merge.type = "button";
      merge.addEventListener("click", () => select.value && act("merge_clusters", { source_id: cluster.id, target_id: Number(select.value) }));
      tools.append(label, select, merge);
    }
    if (!option) {
      const remove = element("button", "button small", strings.deleteGroup);
      remove.type = "button";
      remove.addEventListener("click", () => act("delete_cluster", { cluster_id: cluster.id }));
      tools.append(remove);
    }
    if (tools.children.length) editor.append(tools);

    const form = element("form", "option-form");
    form.noValidate = true; // the server's message says what is wrong, in the page's language
    const title = labelledInput(form, `option-title-${cluster.id}`, strings.optionTitle, option ? option.title : cluster.name);
    const cost = labelledInput(form, `option-cost-${cluster.id}`, strings.optionCost, option ? amount(option.cost_cents) : "");
    attachMoneyPreview(cost, board.dataset.moneyPreview);
    const description = labelledInput(form, `option-description-${cluster.id}`, strings.optionDescription, option && option.description, "textarea");
    const carrier = labelledInput(form, `option-carrier-${cluster.id}`, strings.optionCarriedBy, option && option.carried_by);
    const save = element("button", "button small primary", strings.saveOption);
    form.append(save);
    if (option) {
      const drop = element("button", "button small", strings.removeOption);
      drop.type = "button";
      drop.addEventListener("click", () => act("delete_option", { option_id: option.id }));
      form.append(" ", drop);
    }
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      act("save_option", { cluster_id: cluster.id, title: title.value, cost: cost.value,
        description: description.value, carried_by: carrier.value }).then((ack) => {
        // The amount as saved, written back the page's way ("3000" becomes "3.000"), also
        // while the field keeps its focus (a redraw keeps what a focused field holds).
        const field = ack.ok && document.getElementById(cost.id);
        if (field) field.value = amount(ack.cost_cents);
      });
    });
    editor.append(form);
    if (option) card.classList.add("is-option");
    return card;
  }

  function updateSelection() {
    board.querySelector("[data-selected-count]").textContent = format(strings.selected, { count: selected.size });
  }

  return function render(state) {
    board.hidden = !phaseRules(state).shows_groups;
    if (!board.hidden) keepingFocus(board, () => draw(state));
  };

  function draw(state) {
    const visible = state.arguments.filter((a) => a.visible);
    const argumentsById = new Map(visible.map((a) => [a.id, a]));
    for (const id of [...selected]) if (!argumentsById.has(id)) selected.delete(id);
    for (const id of [...openEditors]) if (!state.clusters.some((c) => c.id === id)) openEditors.delete(id);
    grouped = groupedIds(state.clusters);
    shownFilter = filter.current();
    const ungrouped = visible.filter((a) => !grouped.has(a.id));
    board.querySelector("[data-ungrouped-count]").textContent = String(ungrouped.length);
    const clusterIds = new Set(state.clusters.map((c) => c.id));
    const stillLoose = new Set(ungrouped.map((a) => a.id));
    for (const item of placementList.querySelectorAll("[data-placement]")) {
      if (!stillLoose.has(Number(item.dataset.argumentId)) || !clusterIds.has(Number(item.dataset.clusterId))) removePlacement(item);
    }
    board.querySelector("[data-list=none]").replaceWith(list("none", ungrouped));

    const target = board.querySelector("[data-move-target]");
    const keep = target.value;
    target.replaceChildren(Object.assign(element("option", "", strings.notGrouped), { value: "none" }),
      ...state.clusters.map((c, i) => Object.assign(element("option", "", nameOf(c)), { value: String(c.id) })));
    if ([...target.options].some((o) => o.value === keep)) target.value = keep;

    const optionsByCluster = new Map(state.options.map((o) => [o.cluster_id, o]));
    board.querySelector("[data-clusters]").replaceChildren(...state.clusters.map((cluster, index) =>
      clusterCard(cluster, index, state.clusters, argumentsById, optionsByCluster.get(cluster.id))));
    const budget = state.round.budget_cents;
    const total = board.querySelector("[data-option-total]");
    total.textContent = format(strings.optionTotal, { total: euros(state.total_cost_cents), budget: euros(budget) })
      + (state.total_cost_cents > budget ? ` — ${strings.overBudget}` : "");
    total.classList.toggle("error", state.total_cost_cents > budget);
    filter.count(visible.filter((a) => matchesArgument(a, shownFilter, grouped)).length, visible.length, isFiltering(shownFilter));
    updateSelection();
  }
}
