// The participant's phone: phase and timer, their own arguments (kept in an outbox
// until acknowledged), the table's arguments, and reactions while weighing.
import { argumentCard, element, reactionSummary } from "./argument_card.js";
import { announce, format, phaseRules, setText, startLive } from "./live.js";
import { ownStatus } from "./moderation_state.js";
import { Outbox, flushOutbox, storedDraft } from "./outbox.js";
import { optionFacts } from "./option_details.js";
import { setUpBallot } from "./phone_ballot.js";
import { setUpDecision } from "./phone_decision.js";
import { setUpRoundVote } from "./phone_round_vote.js";
import { setUpFrameConsent } from "./phone_frame.js";
import { setUpSignal } from "./phone_signal.js";
import { argumentsByOption } from "./phone_views.js";

const form = document.querySelector("[data-argument-form]");
const textArea = form.querySelector("textarea");
const formError = document.querySelector("[data-form-error]");
let editing = null; // the id of the own argument being edited
let draftOption = ""; // the option of a draft kept from before a reload, until the options arrive

const live = startLive({
  render,
  onPhaseChanged(phase, strings) {
    announce(format(strings.phaseChangedTo, { phase: strings.phases[phase] }));
  },
  onConnect: () => flush(),
});
const strings = live.strings;
const renderBallot = setUpBallot(live);
const renderSignal = setUpSignal(live);
const renderDecision = setUpDecision(live);
const renderFrameConsent = setUpFrameConsent(live);
setUpRoundVote(live); // the round's plenary vote draws itself from its own event
const outbox = new Outbox(`buurttafel:outbox:${live.config.table}:${live.config.participant}`);

let flushing = false;
async function flush() {
  if (flushing || !live.socket.connected) return;
  flushing = true;
  try {
    await flushOutbox(outbox, live.send);
  } finally {
    flushing = false;
    render();
  }
}
setInterval(flush, 5000);

function isMine(argument) {
  return argument.mine || outbox.knows(argument.client_id);
}

function render() {
  const state = live.getState();
  if (!state) return;
  if (state.me) setText("[data-me]", state.me.display_name || format(strings.anonymous, { number: state.me.number }));
  const rules = phaseRules(state);
  const collecting = rules.collects_arguments;
  document.querySelector("[data-input-section]").hidden = !collecting;
  document.querySelector("[data-table-arguments]").hidden = !rules.shows_arguments;
  const open = collecting && state.input_open;
  document.querySelector("[data-input-closed]").hidden = open;
  form.hidden = !open;
  updateCount();
  renderOptionChoice(state);

  renderMine(state, open);
  renderTable(state);
  renderBallot(state);
  renderSignal(state);
  renderDecision(state);
  renderFrameConsent(state);
  placeInput(rules.takes_reactions);
}

// In Inbreng the form comes first; in Afwegen the options being weighed do, and the form
// for one more argument follows them. Moved only when the phase asks for the other place.
function placeInput(afterTheArguments) {
  const input = document.querySelector("[data-input-section]");
  const anchor = document.querySelector(afterTheArguments ? "[data-table-arguments]" : "[data-ballot-section]");
  const isAfter = Boolean(anchor.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING);
  if (afterTheArguments === isAfter) return;
  const typing = input.contains(document.activeElement) ? document.activeElement : null; // a move drops the focus
  if (afterTheArguments) anchor.after(input);
  else anchor.before(input);
  if (typing) typing.focus();
}

function renderOptionChoice(state) {
  const field = document.querySelector("[data-option-field]");
  field.hidden = !state.options.length || editing !== null;
  const select = document.querySelector("[data-option-select]");
  const keep = select.value || draftOption;
  draftOption = "";
  select.replaceChildren(Object.assign(document.createElement("option"), { value: "", textContent: strings.noOption }),
    ...state.options.map((o) => Object.assign(document.createElement("option"), { value: String(o.id), textContent: o.title })));
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}

function renderMine(state, open) {
  const list = document.querySelector("[data-my-arguments]");
  const onServer = state.arguments.filter(isMine);
  // A sent argument that left the author's list (withdrawn, merged) is not shown again.
  const known = new Set(state.arguments.map((a) => a.client_id));
  const waiting = outbox.items().filter((item) => item.state !== "sent" && !known.has(item.client_id));
  const items = waiting.map((item) => {
    const card = argumentCard({ ...item, id: item.client_id, supporters: 1 }, strings);
    const failed = item.state === "failed";
    const status = failed ? `${strings.notSent}: ${item.message}`
      : item.state === "sent" ? strings.sent
      : !live.socket.connected ? strings.waiting
      : item.message || strings.sending; // e.g. "wait a minute" after too many at once
    card.append(element("p", failed ? "status error" : "status", status));
    if (failed) {
      card.append(button(strings.retry, () => { outbox.update(item.client_id, { state: "pending" }); flush(); }),
        " ", button(strings.discard, () => { outbox.remove(item.client_id); render(); }));
    }
    return card;
  });
  for (const argument of onServer) {
    const card = argumentCard(argument, strings);
    const status = ownStatus(argument);
    announceModeration(argument, status);
    card.classList.toggle("is-waiting", status === "waiting");
    card.classList.toggle("is-hidden", status === "hidden");
    card.append(status === "hidden"
      ? element("p", "status error", format(strings.hiddenByFacilitator, { reason: argument.hidden_reason }))
      : status === "waiting" ? element("p", "status waiting", strings.waitingForFacilitator)
      : element("p", "status", strings.sent));
    if (open && status !== "hidden") {
      card.append(button(strings.edit, () => startEditing(argument)), " ",
        button(strings.withdraw, () => act("withdraw_argument", { argument_id: argument.id })));
    }
    items.push(card);
  }
  list.replaceChildren(...items);
}

// Said aloud when the facilitator approves or hides one of the author's own arguments
// (not on the first drawing, nor for the author's own edits).
const ownStatuses = new Map();
function announceModeration(argument, status) {
  const before = ownStatuses.get(argument.id);
  ownStatuses.set(argument.id, status);
  if (before === undefined || before === status) return;
  if (status === "hidden") announce(format(strings.hiddenByFacilitator, { reason: argument.hidden_reason }));
  else if (before === "waiting" && status === "sent") announce(`${strings.sent}: ${argument.text.slice(0, 80)}`);
}

function renderTable(state) {
  const list = document.querySelector("[data-arguments]");
  const others = state.arguments.filter((a) => a.visible && !isMine(a));
  const weighing = phaseRules(state).takes_reactions;
  const card = (argument) => {
    const item = argumentCard(argument, strings);
    if (weighing) {
      const mine = state.me.reactions[String(argument.id)];
      const group = element("div", "reaction-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", strings.yourReaction);
      for (const value of ["agree", "disagree", "pass"]) {
        const choice = button(strings.reactions[value], () => react(argument.id, value));
        choice.setAttribute("aria-pressed", String(mine === value));
        group.append(choice);
      }
      item.append(group, element("p", "muted", reactionSummary(argument, strings)));
    }
    return item;
  };
  if (!state.options.length) {
    list.replaceChildren(...(others.length ? others.map(card) : [element("li", "muted", strings.noArguments)]));
    return;
  }
  // From Ordenen on: every option with what it is, costs and who carries it out, and
  // its arguments under it; the arguments of no option last.
  const { groups, rest } = argumentsByOption(state.options, state.clusters, others);
  const optionGroup = (heading, facts, argumentsOf) => {
    const group = element("li", "option-group");
    const inner = element("ul", "argument-list");
    inner.replaceChildren(...(argumentsOf.length ? argumentsOf.map(card) : [element("li", "muted", strings.noArgumentsHere)]));
    group.append(element("h3", "option-title", heading), ...facts, inner);
    return group;
  };
  const items = groups.map(({ option, arguments: of }) => optionGroup(option.title, [optionFacts(option, strings)], of));
  if (rest.length) items.push(optionGroup(strings.otherArguments, [], rest));
  list.replaceChildren(...items);
}

function button(label, onClick) {
  const node = element("button", "button small", label);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

async function act(name, payload) {
  const ack = await live.send(name, payload);
  formError.textContent = ack.ok ? "" : ack.message;
  return ack;
}

async function react(argumentId, value) {
  const ack = await act("react", { argument_id: argumentId, value });
  if (ack.ok) live.confirmOwn("reaction_saved", { argumentId, value });
}

function startEditing(argument) {
  editing = argument.id;
  textArea.value = argument.text;
  form.querySelector(`input[value="${argument.stance}"]`).checked = true;
  form.querySelector("[data-cancel-edit]").hidden = false;
  form.querySelector("[data-submit]").textContent = strings.save;
  textArea.focus();
}

function stopEditing() {
  editing = null;
  textArea.value = "";
  restoreDraft(); // a new argument half typed before the edit comes back
  form.querySelector("[data-cancel-edit]").hidden = true;
  form.querySelector("[data-submit]").textContent = form.querySelector("[data-submit]").dataset.label;
  updateCount();
}

// What is being typed, before it is sent, survives a reload as well: a phone's browser
// reloads a page it put away while its owner looked at another app. (An edit of an
// argument already sent is not kept: the argument itself is still there.)
const stored = storedDraft(`buurttafel:draft:${live.config.table}:${live.config.participant}`);

function keepDraft() {
  if (editing !== null) return;
  const draft = { text: textArea.value, stance: form.querySelector("input[name=stance]:checked").value,
    option: document.querySelector("[data-option-select]").value };
  stored.save(draft.text ? draft : null);
}

function restoreDraft() {
  const draft = stored.load();
  if (!draft) return;
  textArea.value = draft.text || "";
  const stance = form.querySelector(`input[name=stance][value="${CSS.escape(draft.stance || "")}"]`);
  if (stance) stance.checked = true;
  draftOption = draft.option || ""; // the options arrive with the first snapshot
}

function updateCount() {
  document.querySelector("[data-count]").textContent = format(strings.characters, { count: textArea.value.length });
}

form.querySelector("[data-submit]").dataset.label = form.querySelector("[data-submit]").textContent;
restoreDraft();
updateCount();
textArea.addEventListener("input", updateCount);
form.addEventListener("input", keepDraft);
form.addEventListener("change", keepDraft);
form.querySelector("[data-cancel-edit]").addEventListener("click", stopEditing);
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const stance = form.querySelector("input[name=stance]:checked").value;
  const text = textArea.value.trim();
  if (!text) {
    formError.textContent = strings.emptyArgument;
    textArea.focus();
    return;
  }
  if (editing !== null) {
    const ack = await act("edit_argument", { argument_id: editing, stance, text });
    if (ack.ok) stopEditing();
    return;
  }
  // Into the outbox first: from here on, nothing typed can be lost.
  const option = document.querySelector("[data-option-select]").value;
  outbox.add(stance, text, option ? Number(option) : null);
  textArea.value = "";
  keepDraft();
  formError.textContent = "";
  render();
  flush();
});
